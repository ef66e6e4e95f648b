using System;
using System.Collections.Generic;
using System.Linq;
using LoopbackTools.Errors;
using LoopbackTools.Fuzz.Engine;

namespace LoopbackTools.Fuzz
{
    /// <summary>
    /// Test-LoopbackPolicy on .psd1 and .json files, as a user runs it, in a child pwsh: only Policy* ErrorIds, never a
    /// terminating error (a batch of files must go on), one-paragraph messages, and a session that survives.
    /// </summary>
    internal sealed class PolicyCmdletTarget : ChildPwshTarget
    {
        private static readonly string[] Ids =
            ErrorCatalogue.All.Select(e => e.Id).Where(id => id.StartsWith("Policy", StringComparison.Ordinal)).ToArray();

        public PolicyCmdletTarget(Options options)
            : base(options)
        {
        }

        public override string Name => "policy-cmdlet";

        public override string Description => "Test-LoopbackPolicy on .psd1/.json files (child pwsh)";

        public override IReadOnlyList<string> Extensions => new[] { ".psd1", ".json" };

        public override IReadOnlyList<(string Open, string Close)> Nesting =>
            new PolicyPsd1Target().Nesting.Concat(new PolicyJsonTarget().Nesting).ToList();

        public override IReadOnlyList<string> Tokens => new PolicyPsd1Target().Tokens.Concat(new PolicyJsonTarget().Tokens).ToList();

        protected override string Kind => "policy";

        protected override IReadOnlyCollection<string> DocumentedIds => Ids;

        protected override bool MayTerminate => false;

        protected override string? CheckMessages(IReadOnlyList<string> messages)
        {
            foreach (string message in messages)
            {
                if (message.IndexOf('\n') >= 0 || message.IndexOf('\r') >= 0 || message.IndexOf('\u001b') >= 0 || message.Length > 1500)
                {
                    return $"a message that is not one paragraph: {InProcessTarget.Cut(message)}";
                }
            }

            return null;
        }
    }
}
