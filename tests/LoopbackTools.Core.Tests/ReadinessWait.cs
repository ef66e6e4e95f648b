using System;
using System.Globalization;
using System.IO;

namespace LoopbackTools.Tests
{
    /// <summary>
    /// Bounds for waits on something getting ready (a child printing its port, a socket showing up). Such a wait ends
    /// as soon as the thing is ready, so its bound only decides how long a hang takes to fail; it must not fail a test
    /// on a loaded machine, where a python3 child can take many seconds to get a CPU. The bound grows with the load per
    /// core (at most 10 times), and LOOPBACKTOOLS_TEST_WAIT_SCALE sets the factor outright (the Pester helpers read it too).
    /// </summary>
    internal static class ReadinessWait
    {
        public const string ScaleVariable = "LOOPBACKTOOLS_TEST_WAIT_SCALE";

        public static TimeSpan Of(double seconds) => TimeSpan.FromSeconds(seconds * Scale());

        public static double Scale()
        {
            string? forced = Environment.GetEnvironmentVariable(ScaleVariable);
            if (double.TryParse(forced, NumberStyles.Float, CultureInfo.InvariantCulture, out double factor) && factor >= 1)
            {
                return factor;
            }

            try
            {
                string first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
                double load = double.Parse(first, NumberStyles.Float, CultureInfo.InvariantCulture);
                return Math.Min(10, Math.Max(1, load / Environment.ProcessorCount));
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is FormatException)
            {
                return 1;
            }
        }
    }
}
