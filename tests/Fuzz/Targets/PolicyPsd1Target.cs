using System;
using System.Collections.Generic;
using LoopbackTools.Fuzz.Engine;
using LoopbackTools.Policy;

namespace LoopbackTools.Fuzz
{
    /// <summary>A .psd1 policy, read and validated in process: PolicyException only, one paragraph naming the file.</summary>
    internal sealed class PolicyPsd1Target : InProcessTarget
    {
        public override string Name => "policy-psd1";

        public override string Description => ".psd1 policies (reader and validator)";

        public override IReadOnlyList<string> Extensions => new[] { ".psd1" };

        public override IReadOnlyList<(string Open, string Close)> Nesting => new[]
        {
            ("@(", ")"), ("@{a=", "}"), ("(", ")"), (",", string.Empty), ("@{Listeners=@(", ")}"), ("\"$(", ")\""),
        };

        public override IReadOnlyList<string> Tokens => new[]
        {
            "@{", "@(", "}", ")", " = ", "; ", "Listeners", "Port", "Protocol", "Exposure", "Process", "Description", "'Tcp'",
            "'LoopbackOnly'", "'8000-8100'", "$true", "$null", "$env:HOME", "@'\n", "\n'@", "@\"\n", "\n\"@", "`", "`u{", "<#", "#>",
            "#requires -Version 7\n", "using module x\n", "configuration C { }\n", "9223372036854775808l", "0x", "kb", "1..5", "|",
            "[int]", "{ }", "$(", "\u2018", "\u201c", "''", "\"\"",
        };

        /// <summary>A policy error the user reads: one paragraph, no control characters, naming the file.</summary>
        public static string? CheckMessage(string message, string file)
        {
            if (!message.StartsWith($"Policy file '{file}'", StringComparison.Ordinal))
            {
                return $"the message does not name the file: {Cut(message)}";
            }

            return OneParagraph(message);
        }

        protected override void Run(byte[] data, string extension) =>
            PolicyValidator.Validate(PolicyDataFileReader.Read(Text(data), "fuzz.psd1"), "fuzz.psd1");

        protected override bool IsDocumented(Exception e) => e is PolicyException;

        protected override string? CheckDocumented(Exception e) => CheckMessage(e.Message, "fuzz.psd1");
    }
}
