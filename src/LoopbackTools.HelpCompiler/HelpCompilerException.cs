using System;

namespace LoopbackTools.HelpCompiler
{
    /// <summary>
    /// A problem that stops the compile. The build must fail on bad help rather than ship a half-empty
    /// Get-Help page, so every reader throws this instead of skipping what it cannot understand.
    /// </summary>
    internal class HelpCompilerException : Exception
    {
        public HelpCompilerException(string message)
            : base(message)
        {
        }
    }
}
