using System;
using System.Collections.Generic;
using System.Linq;
using LoopbackTools.Errors;
using LoopbackTools.Fuzz.Engine;

namespace LoopbackTools.Fuzz
{
    /// <summary>
    /// Compare-LoopbackBaseline on .csv, .json and .xml (CliXml) baselines, in a child pwsh, compared with nothing
    /// (-Current @()) so only the file is read: only Baseline* ErrorIds (and InvalidBaselineEntry), and a session
    /// that survives.
    /// </summary>
    internal sealed class BaselineCmdletTarget : ChildPwshTarget
    {
        private static readonly string[] Ids = ErrorCatalogue.All.Select(e => e.Id)
            .Where(id => id.StartsWith("Baseline", StringComparison.Ordinal) || id == "InvalidBaselineEntry").ToArray();

        public BaselineCmdletTarget(Options options)
            : base(options)
        {
        }

        public override string Name => "baseline-cmdlet";

        public override string Description => "Compare-LoopbackBaseline on .csv/.json/.xml files (child pwsh)";

        public override IReadOnlyList<string> Extensions => new[] { ".csv", ".json", ".xml" };

        public override IReadOnlyList<(string Open, string Close)> Nesting => new[]
        {
            ("[", "]"), ("{\"a\":", "}"), ("<Obj RefId=\"0\"><MS>", "</MS></Obj>"), ("<LST>", "</LST>"), ("\"", "\""),
        };

        public override IReadOnlyList<string> Tokens => new[]
        {
            "\"Protocol\"", "\"LocalAddress\"", "\"LocalPort\"", "\"State\"", "4294967297", "2130706433", "Listen", "Tcp", "Udp",
            "<I32 N=\"LocalPort\">", "</I32>", "<S N=\"State\">", "</S>", "<Ref RefId=\"0\" />", "\"Protocol\",\"LocalAddress\"", ",,,",
        };

        protected override string Kind => "baseline";

        protected override IReadOnlyCollection<string> DocumentedIds => Ids;

        protected override bool MayTerminate => true;
    }
}
