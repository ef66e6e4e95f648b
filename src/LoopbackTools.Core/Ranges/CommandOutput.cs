using System;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Text;
using LoopbackTools.Windows;

namespace LoopbackTools.Ranges
{
    /// <summary>Runs an OS tool (netsh, sysctl) that is the documented way to read a setting, with a time limit.</summary>
    internal static class CommandOutput
    {
        public const int TimeoutMilliseconds = 10000;

        /// <summary>
        /// The tool's standard output as text, or null when it cannot run, fails or takes too long. On Windows the bytes
        /// are decoded in the console's code page (<see cref="ConsoleOutputDecoder"/>); elsewhere they are UTF-8.
        /// </summary>
        public static string? Run(string fileName, params string[] arguments)
        {
            if (Platform.IsWindows)
            {
                var (codePage, shareConsole) = ConsoleOutputDecoder.ForThisProcess();
                byte[]? output = RunRaw(fileName, arguments, createNoWindow: !shareConsole);
                return output == null
                    ? null
                    : ConsoleOutputDecoder.Decode(output, output.Length, codePage, ConsoleOutputDecoder.MultiByteToString);
            }

            byte[]? raw = RunRaw(fileName, arguments, createNoWindow: true);
            return raw == null ? null : new UTF8Encoding(false).GetString(raw);
        }

        /// <summary>The tool's standard output as the bytes it wrote, or null when it cannot run, fails or takes too long.</summary>
        internal static byte[]? RunRaw(string fileName, string[] arguments, bool createNoWindow)
        {
            var info = new ProcessStartInfo(fileName, string.Join(" ", arguments))
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                CreateNoWindow = createNoWindow,
            };

            try
            {
                using var process = Process.Start(info);
                if (process == null)
                {
                    return null;
                }

                var buffer = new MemoryStream();
                var output = process.StandardOutput.BaseStream.CopyToAsync(buffer);
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

                return process.ExitCode == 0 && output.Wait(TimeoutMilliseconds) ? buffer.ToArray() : null;
            }
            catch (Exception e) when (e is Win32Exception || e is InvalidOperationException || e is PlatformNotSupportedException
                || e is IOException || e is AggregateException)
            {
                return null;
            }
        }
    }
}
