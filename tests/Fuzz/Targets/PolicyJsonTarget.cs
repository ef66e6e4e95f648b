using System;
using System.Collections.Generic;
using LoopbackTools.Fuzz.Engine;
using LoopbackTools.Policy;

namespace LoopbackTools.Fuzz
{
    /// <summary>A JSON policy, read and validated: PolicyException only, with a one-paragraph message naming the file.</summary>
    internal sealed class PolicyJsonTarget : InProcessTarget
    {
        public override string Name => "policy-json";

        public override string Description => "JSON policies (reader and validator)";

        public override IReadOnlyList<string> Extensions => new[] { ".json" };

        public override IReadOnlyList<(string Open, string Close)> Nesting => new[] { ("[", "]"), ("{\"a\":", "}"), ("[{\"Listeners\":", "}]") };

        public override IReadOnlyList<string> Tokens => new[]
        {
            "\"Listeners\"", "\"Port\"", "\"Protocol\"", "\"Exposure\"", "\"Process\"", "\"Description\"", "\"Tcp\"", "\"LoopbackOnly\"",
            "\"8000-8100\"", "\"redis-*\"", "\"[a-\"", "true", "false", "null", "\\u", "\\ud800", "\\udc00", "//", "/*", "*/", "\"\\\\\"",
        };

        protected override void Run(byte[] data, string extension) =>
            PolicyValidator.Validate(PolicyJsonReader.Read(Text(data), "fuzz.json"), "fuzz.json");

        protected override bool IsDocumented(Exception e) => e is PolicyException;

        protected override string? CheckDocumented(Exception e) => PolicyPsd1Target.CheckMessage(e.Message, "fuzz.json");
    }
}
