using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace LoopbackTools.Remoting
{
    /// <summary>
    /// The ssh command that asks a failed host again, with the connection settings its PSSession used (user, port,
    /// key, the -Options it was opened with), to learn the reason PowerShell does not keep. It runs one harmless
    /// command ("exit") in batch mode with a short connect timeout: it never prompts, never hangs, and changes nothing.
    /// </summary>
    internal static class SshProbe
    {
        public const int ConnectTimeoutSeconds = 5;

        // Settings the probe fixes itself: it must not prompt and must not wait long.
        private static readonly HashSet<string> Fixed = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "BatchMode", "ConnectTimeout" };

        public static List<string> Arguments(string host, int port, string? user, string? keyFile, IEnumerable<KeyValuePair<string, string>> options)
        {
            var args = new List<string>
            {
                "-o", "BatchMode=yes",
                "-o", "ConnectTimeout=" + ConnectTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
                "-T",
            };
            if (port > 0)
            {
                args.Add("-p");
                args.Add(port.ToString(CultureInfo.InvariantCulture));
            }

            if (!string.IsNullOrEmpty(keyFile))
            {
                args.Add("-i");
                args.Add(keyFile!);
            }

            if (!string.IsNullOrEmpty(user))
            {
                args.Add("-l");
                args.Add(user!);
            }

            foreach (var option in options)
            {
                if (!Fixed.Contains(option.Key))
                {
                    args.Add("-o");
                    args.Add(option.Key + "=" + option.Value);
                }
            }

            // "--" ends the options: a host name can never be read as one.
            args.Add("--");
            args.Add(host);
            args.Add("exit");
            return args;
        }

        /// <summary>
        /// The arguments as one command line that .NET splits back into exactly these (the rules of
        /// CommandLineToArgvW, which .NET applies on every OS); netstandard2.0 has no ProcessStartInfo.ArgumentList.
        /// </summary>
        public static string CommandLine(IEnumerable<string> args)
        {
            var sb = new StringBuilder();
            foreach (string arg in args)
            {
                if (sb.Length > 0)
                {
                    sb.Append(' ');
                }

                AppendQuoted(sb, arg);
            }

            return sb.ToString();
        }

        private static void AppendQuoted(StringBuilder sb, string arg)
        {
            if (arg.Length > 0 && arg.IndexOfAny(new[] { ' ', '\t', '\n', '\v', '"' }) < 0)
            {
                sb.Append(arg);
                return;
            }

            sb.Append('"');
            int backslashes = 0;
            foreach (char c in arg)
            {
                if (c == '\\')
                {
                    backslashes++;
                    continue;
                }

                // Backslashes are literal unless they precede a quote: then each one is doubled, and the quote escaped.
                sb.Append('\\', c == '"' ? backslashes * 2 + 1 : backslashes);
                backslashes = 0;
                sb.Append(c);
            }

            sb.Append('\\', backslashes * 2);
            sb.Append('"');
        }
    }
}
