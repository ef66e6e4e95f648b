using System.Collections.Generic;
using LoopbackTools.Classification;
using LoopbackTools.Fuzz.Engine;

namespace LoopbackTools.Fuzz
{
    /// <summary>
    /// A process pattern and a text (the first line, then the rest): a pattern with a Problem is refused, any other
    /// compiles and matches without throwing, in time linear in the text.
    /// </summary>
    internal sealed class WildcardTarget : InProcessTarget
    {
        public override string Name => "wildcard";

        public override string Description => "process patterns (*, ?, [a-z]) against names and paths";

        public override IReadOnlyList<(string Open, string Close)> Nesting => new[] { ("[", "]"), ("*", "a"), ("[a-", "]") };

        public override IReadOnlyList<string> Tokens => new[] { "*", "?", "[", "]", "[a-z]", "[]", "-", "/", "\\", "\n" };

        protected override void Run(byte[] data, string extension)
        {
            string input = Text(data);
            int newline = input.IndexOf('\n');
            string pattern = newline < 0 ? input : input.Substring(0, newline);
            string text = newline < 0 ? string.Empty : input.Substring(newline + 1);
            if (ProcessPattern.Problem(pattern) != null)
            {
                return;
            }

            var compiled = new ProcessPattern(pattern);
            compiled.IsMatch(text, text);
            compiled.IsMatchText(text);
        }
    }
}
