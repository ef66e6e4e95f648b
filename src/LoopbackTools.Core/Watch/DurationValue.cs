using System;
using System.Globalization;

namespace LoopbackTools.Watch
{
    /// <summary>
    /// Reads a -Duration the way people write one. A bare number is seconds, like -Interval beside it: PowerShell's
    /// own conversion would read 10 as ten ticks (one microsecond) and end the watch before its first poll. A TimeSpan,
    /// or text such as '00:05:00', keeps its meaning.
    /// </summary>
    internal static class DurationValue
    {
        public static bool TryConvert(object? value, out TimeSpan duration)
        {
            duration = TimeSpan.Zero;
            switch (value)
            {
                case TimeSpan span:
                    duration = span;
                    return true;
                case string text:
                    return TryParse(text, out duration);
                case byte _:
                case sbyte _:
                case short _:
                case ushort _:
                case int _:
                case uint _:
                case long _:
                case ulong _:
                case float _:
                case double _:
                case decimal _:
                    return TryFromSeconds(Convert.ToDouble(value, CultureInfo.InvariantCulture), out duration);
                default:
                    return false;
            }
        }

        private static bool TryParse(string text, out TimeSpan duration)
        {
            string s = text.Trim();
            duration = TimeSpan.Zero;
            if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds))
            {
                return TryFromSeconds(seconds, out duration);
            }

            // Only text with a colon is TimeSpan text: TimeSpan.Parse would read a bare "10" as ten days.
            return s.IndexOf(':') >= 0 && TimeSpan.TryParse(s, CultureInfo.InvariantCulture, out duration);
        }

        private static bool TryFromSeconds(double seconds, out TimeSpan duration)
        {
            duration = TimeSpan.Zero;
            if (double.IsNaN(seconds) || double.IsInfinity(seconds) || Math.Abs(seconds) >= TimeSpan.MaxValue.TotalSeconds)
            {
                return false;
            }

            duration = TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
            return true;
        }
    }
}
