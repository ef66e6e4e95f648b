using System;
using LoopbackTools.Fuzz.Engine;

namespace LoopbackTools.Fuzz
{
    /// <summary>
    /// dotnet LoopbackTools.Fuzz.dll [--seconds N] [--seed S] [--target a,b] [--max-size BYTES] [--corpus DIR]
    /// [--findings DIR] [--result FILE] [--dotnet PATH --pwsh PWSH.DLL --module PSD1] [--parallel N]
    /// Runs every target (or those named) for N seconds each, each in a worker process, and ends with
    /// "fuzz: N passed, N failed"; exit code 1 when any target found something.
    /// </summary>
    internal static class Program
    {
        public static int Main(string[] args)
        {
            if (args.Length > 0 && (args[0] == "--help" || args[0] == "--list"))
            {
                Console.WriteLine("Targets: " + string.Join(", ", Targets.Names));
                Console.WriteLine("Options: --seconds N --seed S --target a,b --max-size BYTES --corpus DIR --findings DIR --result FILE");
                Console.WriteLine("         --dotnet PATH --pwsh PWSH.DLL --module PSD1 (for policy-cmdlet and baseline-cmdlet) --parallel N");
                return 0;
            }

            Options options;
            try
            {
                options = Options.Parse(args);
            }
            catch (Exception e) when (e is ArgumentException || e is FormatException || e is OverflowException)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }

            return options.Target != null ? Worker.Run(options) : Parent.Run(options);
        }
    }
}
