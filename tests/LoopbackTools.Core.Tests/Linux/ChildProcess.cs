using System;
using System.Diagnostics;
using System.IO;

namespace LoopbackTools.Tests.Linux
{
    /// <summary>A python3 child that holds sockets; killed (with its tree) on Dispose. Bounded by its own sleep too.</summary>
    internal sealed class ChildProcess : IDisposable
    {
        private readonly Process _process;

        private ChildProcess(Process process, string firstLine)
        {
            _process = process;
            FirstLine = firstLine;
        }

        public int Pid => _process.Id;

        public string FirstLine { get; }

        public DateTime StartTime => _process.StartTime;

        /// <summary>A listener on 127.0.0.1:&lt;ephemeral&gt;; the first output line is its port.</summary>
        public const string ListenerScript =
            "import socket,time; s=socket.socket(); s.bind(('127.0.0.1',0)); s.listen(); print(s.getsockname()[1], flush=True); time.sleep(60)";

        /// <summary>Opens <paramref name="fds"/> fds on /dev/null, prints "ready", sleeps.</summary>
        public static string ManyFdsScript(int fds) =>
            "import time; f=[open('/dev/null') for _ in range(" + fds + ")]; print('ready', flush=True); time.sleep(60)";

        public static ChildProcess Python(string script, Action<ProcessStartInfo>? configure = null)
        {
            var info = new ProcessStartInfo("python3")
            {
                RedirectStandardOutput = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(script);
            configure?.Invoke(info);
            var process = Process.Start(info) ?? throw new InvalidOperationException("python3 did not start");
            var line = process.StandardOutput.ReadLineAsync();
            if (!line.Wait(ReadinessWait.Of(20)) || line.Result == null)
            {
                try
                {
                    process.Kill(true);
                }
                catch (InvalidOperationException)
                {
                }

                throw new InvalidOperationException("python3 child printed nothing");
            }

            return new ChildProcess(process, line.Result);
        }

        public void Dispose()
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill(true);
                }

                _process.WaitForExit(10000);
            }
            catch (InvalidOperationException)
            {
            }

            _process.Dispose();
        }

        public static string ExePath(int pid) => new FileInfo("/proc/" + pid + "/exe").LinkTarget ?? string.Empty;
    }
}
