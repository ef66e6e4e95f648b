using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace LoopbackTools.Fuzz
{
    /// <summary>The command line: build.ps1 -Task Fuzz and -Task Test pass these.</summary>
    internal sealed class Options
    {
        public double Seconds { get; private set; } = 10;

        public int Seed { get; private set; } = 20261127;

        /// <summary>Target names to run (all when empty).</summary>
        public List<string> Only { get; } = new List<string>();

        /// <summary>Largest input made, in bytes: 1 MB by default, where a quadratic parser shows.</summary>
        public int MaxSize { get; private set; } = 1024 * 1024;

        public string Corpus { get; private set; } = Path.Combine(AppContext.BaseDirectory, "Corpus");

        public string Findings { get; private set; } = Path.Combine(Path.GetTempPath(), "lbt-fuzz-findings");

        /// <summary>Where the summary goes as JSON (passed, failed, per target), for build.ps1.</summary>
        public string? Result { get; private set; }

        public string? Dotnet { get; private set; }

        public string? Pwsh { get; private set; }

        public string? Module { get; private set; }

        /// <summary>Targets run side by side (each in its own worker process).</summary>
        public int Parallel { get; private set; } = Math.Min(2, Environment.ProcessorCount);

        // Worker mode: one target, in this process.
        public string? Target { get; private set; }

        public string? CrashFile { get; private set; }

        public static Options Parse(string[] args)
        {
            var options = new Options();
            for (int i = 0; i < args.Length; i++)
            {
                string name = args[i];
                string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value.");
                switch (name)
                {
                    case "--seconds": options.Seconds = double.Parse(Value(), CultureInfo.InvariantCulture); break;
                    case "--seed": options.Seed = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                    case "--target": options.Only.AddRange(Value().Split(',', StringSplitOptions.RemoveEmptyEntries)); break;
                    case "--max-size": options.MaxSize = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                    case "--corpus": options.Corpus = Path.GetFullPath(Value()); break;
                    case "--findings": options.Findings = Path.GetFullPath(Value()); break;
                    case "--result": options.Result = Path.GetFullPath(Value()); break;
                    case "--dotnet": options.Dotnet = Value(); break;
                    case "--pwsh": options.Pwsh = Value(); break;
                    case "--module": options.Module = Path.GetFullPath(Value()); break;
                    case "--parallel": options.Parallel = Math.Max(1, int.Parse(Value(), CultureInfo.InvariantCulture)); break;
                    case "--worker": options.Target = Value(); break;
                    case "--crash-file": options.CrashFile = Value(); break;
                    default: throw new ArgumentException($"Unknown option '{name}'.");
                }
            }

            return options;
        }

        /// <summary>The same options for a worker of one target.</summary>
        public List<string> ForWorker(string target, string crashFile)
        {
            var args = new List<string>
            {
                "--worker", target, "--crash-file", crashFile,
                "--seconds", Seconds.ToString(CultureInfo.InvariantCulture), "--seed", Seed.ToString(CultureInfo.InvariantCulture),
                "--max-size", MaxSize.ToString(CultureInfo.InvariantCulture), "--corpus", Corpus, "--findings", Findings,
            };
            foreach (var (option, value) in new[] { ("--dotnet", Dotnet), ("--pwsh", Pwsh), ("--module", Module) })
            {
                if (value != null)
                {
                    args.Add(option);
                    args.Add(value);
                }
            }

            return args;
        }
    }
}
