using System;
using System.Collections.Generic;
using System.IO;

namespace LoopbackTools.HelpCompiler
{
    /// <summary>
    /// Command line: LoopbackTools.HelpCompiler &lt;docsFolder&gt; &lt;outputFolder&gt;.
    /// Exit codes: 0 written, 1 bad markdown (message names file and line), 2 wrong usage.
    /// </summary>
    internal static class Program
    {
        public const int Success = 0;
        public const int InvalidHelp = 1;
        public const int Usage = 2;

        public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

        /// <summary>The whole program behind Main, with its streams passed in so tests can run it in-process.</summary>
        internal static int Run(string[] args, TextWriter output, TextWriter error)
        {
            if (args.Length != 2)
            {
                error.WriteLine("usage: LoopbackTools.HelpCompiler <docsFolder> <outputFolder>");
                error.WriteLine("  e.g. dotnet run --project src/LoopbackTools.HelpCompiler -c Release -- docs/en-US out/LoopbackTools/en-US");
                return Usage;
            }

            try
            {
                IReadOnlyList<string> written = DocsCompiler.Compile(args[0], args[1]);
                foreach (string path in written)
                {
                    output.WriteLine("wrote " + path);
                }

                return Success;
            }
            catch (HelpCompilerException ex)
            {
                error.WriteLine(ex.Message);
                return InvalidHelp;
            }
            catch (IOException ex)
            {
                error.WriteLine("error: " + ex.Message);
                return InvalidHelp;
            }
            catch (UnauthorizedAccessException ex)
            {
                error.WriteLine("error: " + ex.Message);
                return InvalidHelp;
            }
        }
    }
}
