using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading.Tasks;

namespace LoopbackTools.Tests.Namespaces
{
    /// <summary>
    /// A python3 child for namespace and container tests. It moves into a network namespace of its own (unshare) or a
    /// named one (setns on /run/netns/NAME) or stays on the host, prints its pid, waits until the test has placed it in
    /// its cgroups (a socket belongs to the cgroup its creator was in), then listens and prints the port. It can run
    /// under another program name (a python script called docker-proxy, conmon, slirp4netns) with extra arguments, as
    /// an engine's proxy would. Killed on Dispose; it also ends when the test process's pipe closes, or after 300 s.
    /// </summary>
    internal sealed class LabProcess : IDisposable
    {
        private const string Script = @"
import ctypes, os, signal, socket, subprocess, sys, time
signal.alarm(300)
libc = ctypes.CDLL(None, use_errno=True)
mode = os.environ.get('LBT_MODE', 'host')
if mode == 'new':
    if libc.unshare(0x40000000) != 0:
        raise OSError(ctypes.get_errno(), 'unshare')
    subprocess.run(['ip', 'link', 'set', 'lo', 'up'], check=True)
elif mode.startswith('netns:'):
    fd = os.open('/run/netns/' + mode[6:], os.O_RDONLY)
    if libc.setns(fd, 0x40000000) != 0:
        raise OSError(ctypes.get_errno(), 'setns')
    os.close(fd)
print(os.getpid(), flush=True)
sys.stdin.readline()
bind = os.environ.get('LBT_BIND', '127.0.0.1')
s = socket.socket(socket.AF_INET6 if ':' in bind else socket.AF_INET)
if os.environ.get('LBT_DEVICE'):
    s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, os.environ['LBT_DEVICE'].encode())
s.bind((bind, int(os.environ.get('LBT_PORT', '0'))))
s.listen(16)
port = s.getsockname()[1]
if os.environ.get('LBT_TIMEWAIT') == '1':
    c = socket.create_connection(('127.0.0.1', port))
    a, _ = s.accept()
    c.close()
    time.sleep(0.05)
    a.close()
print(port, flush=True)
sys.stdin.readline()
";

        private static readonly Lazy<string> Python = new Lazy<string>(FindPython);

        private readonly Process _process;
        private readonly string? _linkFolder;

        private LabProcess(Process process, string? linkFolder)
        {
            _process = process;
            _linkFolder = linkFolder;
            Pid = int.Parse(ReadLine("pid"), CultureInfo.InvariantCulture);
        }

        public int Pid { get; }

        public int Port { get; private set; }

        /// <param name="mode">"host", "new" (a namespace of its own) or "netns:NAME".</param>
        /// <param name="programName">Run as this program name (a symlink to python3), or null for python3.</param>
        /// <param name="arguments">Extra command-line arguments after the script, as a proxy's would be.</param>
        /// <param name="environment">LBT_BIND, LBT_PORT, LBT_TIMEWAIT, LBT_DEVICE (SO_BINDTODEVICE).</param>
        public static LabProcess Start(
            string mode, string? programName = null, IEnumerable<string>? arguments = null, IDictionary<string, string>? environment = null)
        {
            string? folder = null;
            string program = Python.Value;
            if (programName != null)
            {
                // A script under the program's name: the kernel names the process after it (comm), and its command line
                // is "python3 /tmp/.../docker-proxy <arguments>", as a wrapper script's would be.
                folder = Path.Combine(Path.GetTempPath(), "lbt-lab-" + Guid.NewGuid().ToString("N"));
                Directory.CreateDirectory(folder);
                program = Path.Combine(folder, programName);
                File.WriteAllText(program, "#!" + Python.Value + "\n" + Script);
                if (OperatingSystem.IsLinux())
                {
                    File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }
            }

            var info = new ProcessStartInfo(program)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            if (programName == null)
            {
                info.ArgumentList.Add("-c");
                info.ArgumentList.Add(Script);
            }

            foreach (string argument in arguments ?? Array.Empty<string>())
            {
                info.ArgumentList.Add(argument);
            }

            info.Environment["LBT_MODE"] = mode;
            foreach (var pair in environment ?? new Dictionary<string, string>())
            {
                info.Environment[pair.Key] = pair.Value;
            }

            var process = Process.Start(info) ?? throw new InvalidOperationException("python3 did not start");
            try
            {
                return new LabProcess(process, folder);
            }
            catch
            {
                Kill(process);
                DeleteFolder(folder);
                throw;
            }
        }

        /// <summary>Lets it open its listener (after the test placed it in cgroups) and waits for the port.</summary>
        public int Listen()
        {
            _process.StandardInput.WriteLine();
            _process.StandardInput.Flush();
            Port = int.Parse(ReadLine("port"), CultureInfo.InvariantCulture);
            return Port;
        }

        /// <summary>Its network namespace's inode, as /proc/PID/ns/net names it.</summary>
        public ulong NamespaceInode
        {
            get
            {
                string link = new FileInfo("/proc/" + Pid.ToString(CultureInfo.InvariantCulture) + "/ns/net").LinkTarget ?? string.Empty;
                return ulong.Parse(link.Substring(5, link.Length - 6), CultureInfo.InvariantCulture);
            }
        }

        public void Dispose()
        {
            Kill(_process);
            _process.Dispose();
            DeleteFolder(_linkFolder);
        }

        private string ReadLine(string what)
        {
            Task<string?> line = _process.StandardOutput.ReadLineAsync();
            if (!line.Wait(TimeSpan.FromSeconds(30)) || line.Result == null)
            {
                string error = _process.HasExited ? _process.StandardError.ReadToEnd() : "(still running)";
                throw new InvalidOperationException($"the lab process printed no {what}: {error}");
            }

            return line.Result.Trim();
        }

        private static void Kill(Process process)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(true);
                }

                process.WaitForExit(10000);
            }
            catch (InvalidOperationException)
            {
            }
        }

        private static void DeleteFolder(string? folder)
        {
            if (folder != null && Directory.Exists(folder))
            {
                Directory.Delete(folder, true);
            }
        }

        /// <summary>The python3 binary itself (not a pyenv shim script, which a symlink could not stand in for).</summary>
        private static string FindPython()
        {
            var info = new ProcessStartInfo("python3") { RedirectStandardOutput = true, UseShellExecute = false };
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add("import os, sys; print(os.path.realpath(sys.executable))");
            using var process = Process.Start(info) ?? throw new InvalidOperationException("python3 did not start");
            string path = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return path;
        }
    }
}
