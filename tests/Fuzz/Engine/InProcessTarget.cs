using System;
using System.Diagnostics;
using System.Text;

namespace LoopbackTools.Fuzz.Engine
{
    /// <summary>A parser called in this (worker) process: a documented exception is an answer, any other is a finding.</summary>
    internal abstract class InProcessTarget : FuzzTarget
    {
        public override Outcome Execute(FuzzInput input)
        {
            var clock = new CpuClock();
            try
            {
                Run(input.Data, input.Extension);
                return new Outcome(null, clock.Seconds);
            }
            catch (FuzzFailure failure)
            {
                return new Outcome("check failed: " + failure.Message, clock.Seconds);
            }
            catch (Exception e) when (IsDocumented(e))
            {
                double seconds = clock.Seconds;
                return new Outcome(CheckDocumented(e), seconds);
            }
            catch (Exception e)
            {
                double seconds = clock.Seconds;
                return new Outcome($"undocumented {e.GetType().FullName}: {Cut(e.Message)} {FirstFrame(e)}", seconds);
            }
        }

        protected abstract void Run(byte[] data, string extension);

        /// <summary>The exception types the parser promises; none by default (it never throws).</summary>
        protected virtual bool IsDocumented(Exception e) => false;

        /// <summary>What is wrong with a documented exception (its message, say), or null.</summary>
        protected virtual string? CheckDocumented(Exception e) => null;

        /// <summary>
        /// Bytes as the parser's text: UTF-8 as the files are read (invalid bytes become U+FFFD), or, after a UTF-16
        /// byte order mark, the UTF-16 units as they are, lone surrogates included, as a string from PowerShell may be.
        /// </summary>
        protected static string Text(byte[] data)
        {
            if (data.Length >= 2 && data[0] == 0xFF && data[1] == 0xFE)
            {
                var units = new char[(data.Length - 2) / 2];
                for (int i = 0; i < units.Length; i++)
                {
                    units[i] = (char)(data[2 + (2 * i)] | (data[3 + (2 * i)] << 8));
                }

                return new string(units);
            }

            return Encoding.UTF8.GetString(data);
        }

        /// <summary>A message meant for the user: one paragraph, no control characters, of a sane length.</summary>
        protected static string? OneParagraph(string message, int maxLength = 1000)
        {
            foreach (char c in message)
            {
                if (c < ' ' || (c >= '\u007f' && c <= '\u009f'))
                {
                    return $"the message holds control character U+{(int)c:X4}: {Cut(message)}";
                }
            }

            return message.Length > maxLength ? $"the message is {message.Length} characters long: {Cut(message)}" : null;
        }

        internal static string Cut(string text)
        {
            var flat = new StringBuilder();
            foreach (char c in text.Length > 200 ? text.Substring(0, 200) + "..." : text)
            {
                flat.Append(c < ' ' ? '\u00b7' : c);
            }

            return flat.ToString();
        }

        private static string FirstFrame(Exception e)
        {
            var frame = new StackTrace(e, false).GetFrame(0)?.GetMethod();
            return frame == null ? string.Empty : $"(at {frame.DeclaringType?.Name}.{frame.Name})";
        }
    }
}
