using System.Collections.Generic;

namespace LoopbackTools.HelpCompiler
{
    /// <summary>An about_ topic: its name and its "## HEADING" sections in file order.</summary>
    internal sealed class AboutTopic
    {
        public AboutTopic(string name, IReadOnlyList<AboutSection> sections)
        {
            Name = name;
            Sections = sections;
        }

        /// <summary>about_Something; also the output file's base name.</summary>
        public string Name { get; }

        public IReadOnlyList<AboutSection> Sections { get; }
    }

    /// <summary>One "## HEADING" of an about topic with its prose (### sub-headings included as headings).</summary>
    internal sealed class AboutSection
    {
        public AboutSection(string title, IReadOnlyList<Prose> content)
        {
            Title = title;
            Content = content;
        }

        public string Title { get; }

        public IReadOnlyList<Prose> Content { get; }
    }
}
