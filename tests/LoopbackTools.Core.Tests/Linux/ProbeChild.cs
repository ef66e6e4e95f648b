using System;
using System.Diagnostics;
using System.IO;
using Xunit;

namespace LoopbackTools.Tests.Linux
{
    /// <summary>
    /// Runs tests/LoopbackTools.Probe as another user (setpriv): the rights tests of owners, facts and namespaces need
    /// the engine in a process without root. /root is mode 700, so the user runs a copy in a world-readable folder.
    /// </summary>
    internal static class ProbeChild
    {
        /// <summary>tests/LoopbackTools.Probe/bin/&lt;Configuration&gt;/net10.0, next to this assembly's own bin folder.</summary>
        public static string Directory()
        {
            var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
            string tests = here.Parent!.Parent!.Parent!.Parent!.FullName;
            string dir = Path.Combine(tests, "LoopbackTools.Probe", "bin", here.Parent.Name, here.Name);
            Assert.True(File.Exists(Path.Combine(dir, "LoopbackTools.Probe.dll")), "build tests/LoopbackTools.Probe first: " + dir);
            return dir;
        }

        /// <summary>A world-readable copy of the probe in <paramref name="to"/>; the caller deletes the folder.</summary>
        public static string CopyTo(string to)
        {
            string from = Directory();
            System.IO.Directory.CreateDirectory(to);
            foreach (var file in System.IO.Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            {
                string target = Path.Combine(to, Path.GetRelativePath(from, file));
                System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }

            Run("chmod", "-R", "a+rX", to);
            return Path.Combine(to, "LoopbackTools.Probe.dll");
        }

        /// <summary>The dotnet host running these tests, for the child to run the probe with.</summary>
        public static string DotnetHost()
        {
            string? path = Environment.ProcessPath;
            return path != null && Path.GetFileName(path) == "dotnet" ? path : "dotnet";
        }

        /// <summary>Runs a program to its end (120 s at most, on a busy machine) and returns its output; a failure fails the test.</summary>
        public static string Run(string file, params string[] args)
        {
            var info = new ProcessStartInfo(file)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = Path.GetTempPath(),
            };
            foreach (var a in args)
            {
                info.ArgumentList.Add(a);
            }

            info.Environment["HOME"] = Path.GetTempPath();
            info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            using var p = Process.Start(info)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(120000))
            {
                p.Kill(true);
                throw new TimeoutException(file + " did not finish in 120 s");
            }

            Assert.True(p.ExitCode == 0, $"{file} {string.Join(" ", args)} exited {p.ExitCode}: {stderr.Result}");
            return stdout.Result;
        }
    }
}
