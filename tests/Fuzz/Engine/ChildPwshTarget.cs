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
    /// A cmdlet fed files, in a child pwsh that imports the built module (tests/Fuzz/CmdletTarget.ps1): a session that
    /// dies (a stack overflow cannot be caught in .NET) is a finding with the input in hand, and the child is started
    /// again for the next input. The child answers each file with the ErrorIds it got and whether one was terminating.
    /// </summary>
    internal abstract class ChildPwshTarget : FuzzTarget
    {
        private readonly Options _options;
        private readonly string _scratch;
        private Process? _child;
        private int _files;

        protected ChildPwshTarget(Options options)
        {
            _options = options;
            _scratch = Path.Combine(Path.GetTempPath(), "lbt-fuzz-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_scratch);
        }

        /// <summary>"policy" or "baseline": which cmdlet the child runs on each file.</summary>
        protected abstract string Kind { get; }

        /// <summary>The ErrorIds the cmdlet documents for bad files.</summary>
        protected abstract IReadOnlyCollection<string> DocumentedIds { get; }

        /// <summary>Whether the cmdlet may stop with a terminating error (Compare-LoopbackBaseline does; Test-LoopbackPolicy must not).</summary>
        protected abstract bool MayTerminate { get; }

        // Starting a pwsh and importing the module costs a second or two of its own: not part of the input's time.
        public override double FloorSeconds => 1.0;

        public override Outcome Execute(FuzzInput input)
        {
            string file = Path.Combine(_scratch, $"input-{_files++ % 4}{input.Extension}");
            File.WriteAllBytes(file, input.Data);
            var child = _child ??= Start();
            double limit = 60 + (input.Data.Length / 1048576.0 * 10);
            child.StandardInput.WriteLine(file);
            child.StandardInput.Flush();
            var line = child.StandardOutput.ReadLineAsync();
            if (!line.Wait(TimeSpan.FromSeconds(limit)))
            {
                Stop();
                return new Outcome($"the child pwsh did not answer within {limit:0} s (a hang)", limit);
            }

            if (line.Result == null)
            {
                string why = Stop();
                return new Outcome($"the child pwsh died on this input: {why}", 0);
            }

            using var answer = JsonDocument.Parse(line.Result);
            var root = answer.RootElement;
            double seconds = root.GetProperty("seconds").GetDouble();
            var ids = root.GetProperty("ids").EnumerateArray().Select(i => i.GetString() ?? string.Empty).ToList();
            var messages = root.GetProperty("messages").EnumerateArray().Select(m => m.GetString() ?? string.Empty).ToList();
            bool terminating = root.GetProperty("terminating").GetBoolean();
            string? unexpected = ids.FirstOrDefault(id => !DocumentedIds.Contains(id));
            if (unexpected != null)
            {
                return new Outcome($"undocumented error {unexpected}: {InProcessTarget.Cut(messages[ids.IndexOf(unexpected)])}", seconds);
            }

            if (terminating && !MayTerminate)
            {
                return new Outcome($"a terminating error where the cmdlet promises a non-terminating one: {ids.FirstOrDefault()}", seconds);
            }

            return new Outcome(CheckMessages(messages), seconds);
        }

        /// <summary>What is wrong with the messages the cmdlet wrote, or null.</summary>
        protected virtual string? CheckMessages(IReadOnlyList<string> messages) => null;

        public override void Dispose()
        {
            Stop();
            Directory.Delete(_scratch, true);
        }

        private Process Start()
        {
            if (_options.Pwsh == null || _options.Module == null)
            {
                throw new InvalidOperationException($"The {Name} target needs --pwsh and --module (build.ps1 passes them).");
            }

            var start = new ProcessStartInfo(_options.Dotnet ?? "dotnet")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string argument in new[]
            {
                _options.Pwsh, "-NoProfile", "-NonInteractive", "-File", Path.Combine(AppContext.BaseDirectory, "CmdletTarget.ps1"),
                "-ModulePath", _options.Module, "-Kind", Kind,
            })
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["NO_COLOR"] = "1";
            var process = Process.Start(start) ?? throw new InvalidOperationException("pwsh did not start.");
            _errors = process.StandardError.ReadToEndAsync();
            return process;
        }

        private Task<string>? _errors;

        // Stops the child (if it still runs) and says how it ended.
        private string Stop()
        {
            var child = _child;
            _child = null;
            if (child == null)
            {
                return string.Empty;
            }

            if (!child.HasExited)
            {
                child.Kill(true);
            }

            child.WaitForExit();
            string errors = _errors != null && _errors.Wait(5000) ? _errors.Result : string.Empty;
            string tail = errors.Length > 300 ? errors.Substring(errors.Length - 300) : errors;
            string why = $"exit code {child.ExitCode}; {InProcessTarget.Cut(tail.Trim())}";
            child.Dispose();
            return why;
        }
    }
}
