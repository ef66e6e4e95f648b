using System;
using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace LoopbackTools.Ranges
{
    /// <summary>Runs an OS tool (netsh, sysctl) that is the documented way to read a setting, with a time limit.</summary>
    internal static class CommandOutput
    {
        public const int TimeoutMilliseconds = 10000;

        /// <summary>The tool's standard output, or null when it cannot run, fails or takes too long.</summary>
        public static string? Run(string fileName, params string[] arguments)
        {
            var info = new ProcessStartInfo(fileName, string.Join(" ", arguments))
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                CreateNoWindow = true,
                StandardOutputEncoding = Encoding.UTF8,
            };

            try
            {
                using var process = Process.Start(info);
                if (process == null)
                {
                    return null;
                }

                var output = process.StandardOutput.ReadToEndAsync();
                process.StandardError.ReadToEndAsync();
                if (!process.WaitForExit(TimeoutMilliseconds))
                {
                    try
                    {
                        process.Kill();
                    }
                    catch (InvalidOperationException)
                    {
                    }

                    return null;
                }

                return process.ExitCode == 0 && output.Wait(TimeoutMilliseconds) ? output.Result : null;
            }
            catch (Exception e) when (e is Win32Exception || e is InvalidOperationException || e is PlatformNotSupportedException)
            {
                return null;
            }
        }
    }
}
