using System;
using System.Collections.Generic;

namespace LoopbackTools.Fuzz.Engine
{
    /// <summary>
    /// One parser under test: what it is fed, how input may be shaped for it (nesting pairs, interesting tokens), and
    /// how to run one input and judge the result. In-process targets derive from <see cref="InProcessTarget"/>; the
    /// cmdlet-level ones from <see cref="ChildPwshTarget"/>.
    /// </summary>
    internal abstract class FuzzTarget : IDisposable
    {
        private static readonly (string Open, string Close)[] DefaultNesting = { ("(", ")"), ("[", "]"), ("{", "}") };

        public abstract string Name { get; }

        /// <summary>What the target feeds, in a few words, for the report.</summary>
        public abstract string Description { get; }

        /// <summary>Extensions an input may carry; the first is used for random inputs of text targets.</summary>
        public virtual IReadOnlyList<string> Extensions => new[] { ".txt" };

        public virtual bool Binary => false;

        public virtual IReadOnlyList<(string Open, string Close)> Nesting => DefaultNesting;

        /// <summary>Words that mean something to this parser, inserted by the token mutation.</summary>
        public virtual IReadOnlyList<string> Tokens => Array.Empty<string>();

        /// <summary>No input under this many seconds is slow: below it, a busy machine's scheduling is all one measures.</summary>
        public virtual double FloorSeconds => 0.25;

        public abstract Outcome Execute(FuzzInput input);

        public virtual void Dispose()
        {
        }
    }
}
