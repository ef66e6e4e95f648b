namespace LoopbackTools.HelpCompiler
{
    /// <summary>How a piece of prose is laid out when it is rendered as text.</summary>
    internal enum ProseKind
    {
        /// <summary>A paragraph: its line breaks are soft and the text is re-flowed.</summary>
        Text,

        /// <summary>One list item, marker included ("- item"): re-flowed with a hanging indent.</summary>
        ListItem,

        /// <summary>Code or a table: kept line for line.</summary>
        Verbatim,

        /// <summary>A sub-heading inside a prose section (about topics have them).</summary>
        Heading,
    }

    /// <summary>
    /// One paragraph-sized unit of prose. MAML wants one maml:para per paragraph and the about topic wants to
    /// re-wrap paragraphs but not code, so the reader records which is which once, here.
    /// </summary>
    internal sealed class Prose
    {
        public Prose(ProseKind kind, string text, int firstTextLine)
        {
            Kind = kind;
            Text = text;
            FirstTextLine = firstTextLine;
        }

        public ProseKind Kind { get; }

        /// <summary>The text; only <see cref="ProseKind.Verbatim"/> contains line breaks ("\n").</summary>
        public string Text { get; }

        /// <summary>1-based source line of the text's first line; line i of verbatim text is this plus i.</summary>
        public int FirstTextLine { get; }

        public override string ToString() => Text;
    }
}
