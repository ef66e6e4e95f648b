using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;

namespace LoopbackTools.Fuzz.Engine
{
    /// <summary>
    /// Starts one worker process per target (a few side by side), reads each one's report, and turns a worker that
    /// died or hung into a finding with the input it was running (from its crash file). Prints one line per target and
    /// "fuzz: N passed, N failed" at the end.
    /// </summary>
    internal static class Parent
    {
        public static int Run(Options options)
        {
            var names = options.Only.Count > 0 ? options.Only : Targets.Names.ToList();
            var unknown = names.Where(n => !Targets.Names.Contains(n)).ToList();
            if (unknown.Count > 0)
            {
                Console.Error.WriteLine($"Unknown target(s): {string.Join(", ", unknown)}. Targets: {string.Join(", ", Targets.Names)}.");
                return 2;
            }

            Console.WriteLine($"fuzz: {names.Count} targets, {options.Seconds} s each, seed {options.Seed}, inputs up to {options.MaxSize} bytes");
            var reports = new WorkerReport[names.Count];
            var failures = new string?[names.Count];
            Parallel.For(0, names.Count, new ParallelOptions { MaxDegreeOfParallelism = options.Parallel }, i =>
            {
                (reports[i], failures[i]) = RunWorker(options, names[i]);
                lock (reports)
                {
                    Print(reports[i], failures[i]);
                }
            });

            int failed = Enumerable.Range(0, names.Count).Count(i => failures[i] != null || reports[i].Findings.Count > 0);
            int passed = names.Count - failed;
            Console.WriteLine($"fuzz: {passed} passed, {failed} failed (findings in {options.Findings})");
            if (options.Result != null)
            {
                File.WriteAllText(options.Result, JsonSerializer.Serialize(new { Passed = passed, Failed = failed, Targets = reports }));
            }

            return failed > 0 ? 1 : 0;
        }

        private static void Print(WorkerReport report, string? failure)
        {
            string verdict = failure == null && report.Findings.Count == 0 ? "PASS" : "FAIL";
            Console.WriteLine($"{verdict} {report.Target,-16} {report.Inputs,8} inputs ({report.CorpusFiles} corpus files), "
                + $"worst {report.WorstSecondsPerMb:0.000} s/MB  {report.Description}");
            if (failure != null)
            {
                Console.WriteLine($"     {failure}");
            }

            foreach (var finding in report.Findings)
            {
                Console.WriteLine($"     {finding.Kind}: {finding.Problem}");
                Console.WriteLine($"       input {finding.File} (from {finding.Origin})");
            }
        }

        private static (WorkerReport Report, string? Failure) RunWorker(Options options, string target)
        {
            string crashPath = Path.Combine(Path.GetTempPath(), $"lbt-fuzz-{target}-{Guid.NewGuid():N}.crash");
            var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            if (Path.GetFileNameWithoutExtension(start.FileName) == "dotnet")
            {
                start.ArgumentList.Add(typeof(Parent).Assembly.Location);
            }

            options.ForWorker(target, crashPath).ForEach(start.ArgumentList.Add);
            var empty = new WorkerReport { Target = target };
            try
            {
                using var worker = Process.Start(start) ?? throw new InvalidOperationException("the worker did not start");
                var stdout = worker.StandardOutput.ReadToEndAsync();
                var stderr = worker.StandardError.ReadToEndAsync();
                // A worker that outlives its time by two minutes is stuck on one input: that input is a hang.
                bool finished = worker.WaitForExit(TimeSpan.FromSeconds(options.Seconds + 120));
                if (!finished)
                {
                    worker.Kill(true);
                    worker.WaitForExit();
                }

                string last = stdout.Result.TrimEnd().Split('\n').LastOrDefault() ?? string.Empty;
                if (finished && worker.ExitCode == 0 && last.StartsWith("{", StringComparison.Ordinal))
                {
                    return (JsonSerializer.Deserialize<WorkerReport>(last) ?? empty, null);
                }

                string kind = finished ? "crash" : "hang";
                string why = finished
                    ? $"the worker died (exit code {worker.ExitCode}): {InProcessTarget.Cut(Tail(stderr.Result))}"
                    : $"the worker was still on one input {options.Seconds + 120:0} s after it started";
                return (KeepCrashInput(options, target, crashPath, kind, why, empty), why);
            }
            finally
            {
                File.Delete(crashPath);
            }
        }

        private static WorkerReport KeepCrashInput(Options options, string target, string crashPath, string kind, string why, WorkerReport report)
        {
            if (!File.Exists(crashPath))
            {
                return report;
            }

            using var crash = new CrashFile(crashPath, options.MaxSize, create: false);
            var input = crash.Last($"the input the {target} worker was running");
            if (input != null)
            {
                var findings = new Findings(Path.Combine(options.Findings, target));
                findings.Save(kind, input, why);
                report.Findings.AddRange(findings.Saved);
            }

            return report;
        }

        private static string Tail(string text)
        {
            var lines = text.Trim().Split('\n');
            return string.Join(" | ", lines.Take(3));
        }
    }
}
