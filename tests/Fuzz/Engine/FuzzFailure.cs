using System;

namespace LoopbackTools.Fuzz.Engine
{
    /// <summary>A target's own check failed: a result no valid parse can give (a port past 65535, a range out of order).</summary>
    internal sealed class FuzzFailure : Exception
    {
        public FuzzFailure(string message)
            : base(message)
        {
        }

        public static void Check(bool condition, string message)
        {
            if (!condition)
            {
                throw new FuzzFailure(message);
            }
        }
    }
}
