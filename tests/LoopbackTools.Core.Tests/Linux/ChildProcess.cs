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

        public static ChildProcess Python(string script, Action<ProcessStartInfo>? configure = null) =>
            Command("python3", info =>
            {
                info.ArgumentList.Add("-c");
                info.ArgumentList.Add(script);
                configure?.Invoke(info);
            });

        /// <summary>Any program (unshare, setpriv...) that prints a first line once ready, with stdin and stdout redirected.</summary>
        public static ChildProcess Command(string file, Action<ProcessStartInfo> configure)
        {
            var info = new ProcessStartInfo(file)
            {
                RedirectStandardOutput = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            configure(info);
            var process = Process.Start(info) ?? throw new InvalidOperationException(file + " did not start");
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

                throw new InvalidOperationException(file + " child printed nothing");
            }

            return new ChildProcess(process, line.Result);
        }

        /// <summary>Writes one line to the child's stdin.</summary>
        public void Send(string line)
        {
            _process.StandardInput.WriteLine(line);
            _process.StandardInput.Flush();
        }

        /// <summary>The child's next output line; throws when none comes within 20 s.</summary>
        public string ReadLine()
        {
            var line = _process.StandardOutput.ReadLineAsync();
            if (!line.Wait(TimeSpan.FromSeconds(20)) || line.Result == null)
            {
                throw new InvalidOperationException("python3 child printed no further line");
            }

            return line.Result;
        }

        /// <summary>Waits (at most 20 s) until the child has exited.</summary>
        public void WaitForExit()
        {
            if (!_process.WaitForExit(20000))
            {
                throw new InvalidOperationException("python3 child did not exit");
            }
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
