using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace LoopbackTools.Fuzz.Engine
{
    /// <summary>
    /// Runs one target in this process: first every corpus file (the valid seeds and the past findings, which must all
    /// pass now), then mutated and random inputs until the time is up. Writes each input to the crash file before
    /// running it, so the parent can keep the input that killed this process. Ends with one JSON line on stdout.
    /// </summary>
    internal static class Worker
    {
        private const int MaxFindings = 5;

        public static int Run(Options options)
        {
            using var target = Targets.Create(options.Target!, options);
            var seeds = Corpus.Load(Path.Combine(options.Corpus, target.Name), target);
            var findings = new Findings(Path.Combine(options.Findings, target.Name));
            using var crashFile = new CrashFile(options.CrashFile!, options.MaxSize, create: true);
            var mutator = new Mutator(options.Seed ^ StableHash(target.Name), options.MaxSize);
            int inputs = 0;
            double worstPerMb = 0;

            // The first call of each parser pays for JIT compilation: not a measurement.
            if (seeds.Count > 0)
            {
                target.Execute(seeds[0]);
            }

            var clock = Stopwatch.StartNew();
            foreach (var input in seeds)
            {
                Judge(input);
            }

            while (clock.Elapsed.TotalSeconds < options.Seconds && findings.Count < MaxFindings)
            {
                Judge(mutator.Next(seeds, target));
            }

            var report = new WorkerReport
            {
                Target = target.Name,
                Description = target.Description,
                Inputs = inputs,
                CorpusFiles = seeds.Count,
                WorstSecondsPerMb = Math.Round(worstPerMb, 3),
                Findings = findings.Saved.ToList(),
            };
            Console.Out.WriteLine(JsonSerializer.Serialize(report));
            return 0;

            void Judge(FuzzInput candidate)
            {
                var input = candidate.Data.Length <= options.MaxSize
                    ? candidate
                    : new FuzzInput(candidate.Data.Take(options.MaxSize).ToArray(), candidate.Extension, candidate.Origin + " (cut to size)");
                inputs++;
                crashFile.Record(input);
                var outcome = target.Execute(input);
                double limit = Limit(target, input);
                double seconds = outcome.Seconds;
                // A busy machine stalls any process now and then: an input is slow only if it is slow three times.
                for (int retry = 0; outcome.Problem == null && seconds > limit && retry < 2; retry++)
                {
                    seconds = Math.Min(seconds, target.Execute(input).Seconds);
                }

                if (input.Data.Length >= 65536)
                {
                    // Below 64 KB the time is mostly fixed costs: seconds per MB would say nothing.
                    worstPerMb = Math.Max(worstPerMb, seconds / (input.Data.Length / 1048576.0));
                }
                if (outcome.Problem != null)
                {
                    findings.Save("error", input, outcome.Problem);
                }
                else if (seconds > limit)
                {
                    findings.Save("slow", input, $"{seconds:0.000} s for {input.Data.Length} bytes (limit {limit:0.000} s: 1 s per MB)");
                }
            }
        }

        /// <summary>1 s per MB, never below the target's floor.</summary>
        public static double Limit(FuzzTarget target, FuzzInput input) =>
            Math.Max(target.FloorSeconds, input.Data.Length / 1048576.0);

        // string.GetHashCode is randomised per process: the run must be the same in every worker.
        private static int StableHash(string text)
        {
            int hash = 17;
            foreach (char c in text)
            {
                hash = unchecked((hash * 31) + c);
            }

            return hash;
        }
    }
}
