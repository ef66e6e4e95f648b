using System;
using System.Collections.Generic;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace LoopbackTools.HelpCompiler
{
    /// <summary>
    /// Reads one YAML block of a page (the front matter, or the ```yaml block of a parameter) into a typed class
    /// with YamlDotNet, and turns every problem into an error at a line of the markdown file.
    /// </summary>
    internal static class YamlBlockReader
    {
        private static readonly IDeserializer Deserializer = new DeserializerBuilder()
            .WithDuplicateKeyChecking()
            .WithTypeConverter(new YamlValueConverter())
            .WithTypeInspector(inner => new KnownKeysTypeInspector(inner))
            .Build();

        /// <summary>Reads <paramref name="lines"/>, the first of which is line <paramref name="firstLine"/> (1-based) of the file.</summary>
        public static T Read<T>(SourceFile file, int firstLine, IReadOnlyList<string> lines)
            where T : class, new()
        {
            for (int i = 0; i < lines.Count; i++)
            {
                // YAML forbids tabs in indentation, and YamlDotNet reports one at the start of the enclosing mapping,
                // which can be many lines above the tab.
                string content = lines[i].TrimStart(' ', '\t');
                if (content.Length > 0 && content[0] != '#' && lines[i].Substring(0, lines[i].Length - content.Length).Contains('\t'))
                {
                    throw file.ErrorAtLine(firstLine + i, "tab used for indentation in YAML (use spaces)");
                }
            }

            // Blank lines in front of the block make YamlDotNet's line numbers the file's.
            string text = new string('\n', firstLine - 1) + string.Join("\n", lines);
            try
            {
                return Deserializer.Deserialize<T?>(text) ?? new T();
            }
            catch (YamlException ex)
            {
                throw file.ErrorAtLine((int)ex.Start.Line, Reason(ex));
            }
        }

        private static string Reason(YamlException ex)
        {
            if (ex is SyntaxErrorException || ex is SemanticErrorException)
            {
                return "invalid YAML: " + ex.Message;
            }

            if (ex.InnerException is InvalidOperationException)
            {
                // How YamlDotNet's scanner gives up when a line leaves a '[...]' or '{...}' of this value open.
                return "invalid YAML: a '[' or '{' here is missing its closing ']' or '}'";
            }

            if (ex.InnerException != null)
            {
                // YamlDotNet's message here is only "Exception during deserialization"; the inner one names C# types.
                return "invalid YAML: a value here has the wrong form (a list where one value belongs, or the reverse)";
            }

            // Our own messages (unknown key, wrong shape) and YamlDotNet's for a duplicate key.
            return ex.Message;
        }
    }
}
