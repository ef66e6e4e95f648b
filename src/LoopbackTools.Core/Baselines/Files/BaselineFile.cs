using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using LoopbackTools.Errors;

namespace LoopbackTools.Baselines.Files
{
    /// <summary>
    /// A saved baseline file, read row by row in the format its extension names: .csv (Export-Csv), .json
    /// (ConvertTo-Json), .xml or .clixml (Export-Clixml). Nothing is materialised beyond the row being read, so a
    /// fleet-wide baseline of 100k rows costs its entries, not a PowerShell object per row.
    /// </summary>
    internal static class BaselineFile
    {
        public static bool IsSupported(string path) => FormatOf(path) != null;

        /// <summary>The rows of the file; every failure to read it is a BaselineException (BaselineUnreadable).</summary>
        public static IEnumerable<BaselineRow> Read(string fullPath)
        {
            string source = "'" + TerminalText.Escape(fullPath) + "'";
            var read = FormatOf(fullPath) ?? throw new BaselineException(ErrorCatalogue.BaselineUnsupportedFormat, fullPath,
                $"Baseline file {source} is not .csv, .json or .xml (Export-Clixml); the format follows the extension.");

            TextReader text;
            try
            {
                // Export-Csv and ConvertTo-Json write UTF-8 in PowerShell 7; Windows PowerShell's defaults carry a BOM.
                text = new StreamReader(new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024),
                    new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
            }
            catch (Exception e) when (IsReadFailure(e))
            {
                throw Unreadable(source, e);
            }

            using (text)
            {
                using var rows = read(text, source).GetEnumerator();
                while (true)
                {
                    try
                    {
                        if (!rows.MoveNext())
                        {
                            yield break;
                        }
                    }
                    catch (Exception e) when (IsReadFailure(e))
                    {
                        throw Unreadable(source, e);
                    }

                    yield return rows.Current;
                }
            }
        }

        private static Func<TextReader, string, IEnumerable<BaselineRow>>? FormatOf(string path)
        {
            switch (Path.GetExtension(path).ToLowerInvariant())
            {
                case ".csv": return BaselineCsvReader.Read;
                case ".json": return BaselineJsonReader.Read;
                case ".xml":
                case ".clixml": return BaselineClixmlReader.Read;
                default: return null;
            }
        }

        private static bool IsReadFailure(Exception e) =>
            e is IOException || e is UnauthorizedAccessException || e is InvalidDataException || e is DecoderFallbackException;

        private static BaselineException Unreadable(string source, Exception e) =>
            new BaselineException(ErrorCatalogue.BaselineUnreadable, null, $"Baseline file {source} cannot be read: {e.Message}", e);
    }
}
