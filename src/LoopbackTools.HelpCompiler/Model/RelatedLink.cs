namespace LoopbackTools.HelpCompiler
{
    /// <summary>One line of ## RELATED LINKS: "[text](uri)" or a bare topic name such as "about_LoopbackTools".</summary>
    internal sealed class RelatedLink
    {
        public RelatedLink(string text, string uri)
        {
            Text = text;
            Uri = uri;
        }

        public string Text { get; }

        /// <summary>Empty for a local topic: Get-Help resolves it by name.</summary>
        public string Uri { get; }
    }
}
