using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace LoopbackTools.HelpCompiler
{
    /// <summary>
    /// Compiles a docs folder (docs/&lt;culture&gt;) into the files Get-Help reads from the module's
    /// &lt;culture&gt; folder: one MAML file for every cmdlet page and one about_*.help.txt per about page.
    /// Everything is read and checked before anything is written, so a bad page never leaves half an output.
    /// </summary>
    internal static class DocsCompiler
    {
        /// <summary>Returns the paths written, in order.</summary>
        public static IReadOnlyList<string> Compile(string docsFolder, string outputFolder)
        {
            if (!Directory.Exists(docsFolder))
            {
                throw new HelpCompilerException($"docs folder '{docsFolder}' does not exist");
            }

            // Ordinal file-name order: the MAML must not depend on the file system's enumeration order.
            string[] files = Directory.GetFiles(docsFolder, "*.md");
            Array.Sort(files, (a, b) => string.CompareOrdinal(Path.GetFileName(a), Path.GetFileName(b)));

            var commands = new List<(CommandHelp Help, SourceFile File)>();
            var abouts = new List<AboutTopic>();
            foreach (string path in files)
            {
                SourceFile file = SourceFile.Load(path);
                if (Path.GetFileName(path).StartsWith("about_", StringComparison.OrdinalIgnoreCase))
                {
                    abouts.Add(AboutTopicReader.Read(file));
                    continue;
                }

                CommandHelp? command = CommandHelpReader.Read(file);
                if (command != null)
                {
                    commands.Add((command, file));
                }
            }

            if (commands.Count == 0 && abouts.Count == 0)
            {
                throw new HelpCompilerException($"no cmdlet or about_ markdown pages in '{docsFolder}'");
            }

            // All cmdlets of one binary module share one MAML file; a page naming another is a copy-paste slip.
            string? mamlName = commands.Count > 0 ? commands[0].Help.ExternalHelpFile : null;
            foreach ((CommandHelp help, SourceFile file) in commands)
            {
                if (!string.Equals(help.ExternalHelpFile, mamlName, StringComparison.Ordinal))
                {
                    throw file.ErrorAtLine(1, $"'external help file' is '{help.ExternalHelpFile}' but {commands[0].File.Path} says '{mamlName}'");
                }
            }

            Directory.CreateDirectory(outputFolder);
            var written = new List<string>();
            if (mamlName != null)
            {
                string mamlPath = Path.Combine(outputFolder, mamlName);
                File.WriteAllBytes(mamlPath, MamlWriter.Write(commands.Select(c => c.Help)));
                written.Add(mamlPath);
            }

            foreach (AboutTopic about in abouts)
            {
                string aboutPath = Path.Combine(outputFolder, about.Name + ".help.txt");
                File.WriteAllText(aboutPath, AboutTopicWriter.Write(about), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
                written.Add(aboutPath);
            }

            return written;
        }
    }
}
