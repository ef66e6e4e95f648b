using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Xml;
using LoopbackTools.Errors;

namespace LoopbackTools.Baselines.Files
{
    /// <summary>
    /// Reads what Export-Clixml writes (PowerShell's serialization XML), one object at a time with an XmlReader:
    /// &lt;Objs&gt; holding one &lt;Obj&gt; per endpoint, whose properties are in &lt;Props&gt; (adapted) and &lt;MS&gt; (note
    /// properties of Import-Csv rows and other custom objects); enums are an &lt;Obj&gt; with their name in
    /// &lt;ToString&gt; and their number; a &lt;Ref&gt; repeats an object exported twice; an array exported as one object
    /// (Export-Clixml -InputObject) is a &lt;LST&gt; of them. Anything else is skipped unread, and no DTD is processed.
    /// </summary>
    internal static class BaselineClixmlReader
    {
        private static readonly HashSet<string> Collections = new HashSet<string>(StringComparer.Ordinal) { "LST", "IE", "STK", "QUE" };

        public static IEnumerable<BaselineRow> Read(TextReader text, string source)
        {
            var settings = new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Prohibit,
                XmlResolver = null,
                IgnoreComments = true,
                IgnoreProcessingInstructions = true,
                IgnoreWhitespace = true,
            };

            // An empty file (or only white space) is a baseline without rows; to XmlReader it has no root element.
            while (text.Peek() >= 0 && char.IsWhiteSpace((char)text.Peek()))
            {
                text.Read();
            }

            if (text.Peek() < 0)
            {
                yield break;
            }

            using var xml = XmlReader.Create(text, settings);
            var root = Step(() => xml.MoveToContent(), source);
            if (root != XmlNodeType.Element || xml.LocalName != "Objs")
            {
                throw new BaselineException(ErrorCatalogue.BaselineUnreadable, null,
                    $"Baseline file {source} is not CliXml: Export-Clixml writes an <Objs> element, "
                    + $"this file starts with <{TerminalText.Escape(xml.LocalName)}>.");
            }

            if (xml.IsEmptyElement)
            {
                yield break;
            }

            var state = new State(source, xml as IXmlLineInfo);
            Step(() => xml.Read(), source);
            while (Step(() => xml.NodeType, source) != XmlNodeType.EndElement && xml.NodeType != XmlNodeType.None)
            {
                if (xml.NodeType != XmlNodeType.Element)
                {
                    Step(() => xml.Read(), source);
                    continue;
                }

                foreach (var row in Step(() => TopLevel(xml, state, true), source))
                {
                    yield return row;
                }
            }
        }

        // XmlReader reports malformed XML as XmlException from wherever it is: one place turns it into the file's error.
        private static T Step<T>(Func<T> step, string source)
        {
            try
            {
                return step();
            }
            catch (XmlException e)
            {
                throw new BaselineException(ErrorCatalogue.BaselineUnreadable, null, $"Baseline file {source} is not valid CliXml: {e.Message}", e);
            }
        }

        /// <summary>The rows of one top-level element (several for an exported array), the reader left after it.</summary>
        private static List<BaselineRow> TopLevel(XmlReader xml, State state, bool mayBeCollection)
        {
            var rows = new List<BaselineRow>(1);
            int line = state.Line;
            switch (xml.LocalName)
            {
                case "Ref":
                    rows.Add(new BaselineRow(++state.Number, line, state.Source) { SameAs = xml.GetAttribute("RefId") });
                    xml.Skip();
                    return rows;
                case "Obj":
                    break;
                default:
                    // A bare value (<S>text</S>, <I32>1</I32>, <Nil />) exported as an object of its own.
                    rows.Add(new BaselineRow(++state.Number, line, state.Source) { NotAnObject = $"a <{TerminalText.Escape(xml.LocalName)}> value" });
                    xml.Skip();
                    return rows;
            }

            var row = new BaselineRow(state.Number + 1, line, state.Source) { ReferenceId = xml.GetAttribute("RefId") };
            bool members = false;
            bool collection = false;
            if (xml.IsEmptyElement)
            {
                xml.Read();
            }
            else
            {
                xml.Read();
                while (xml.NodeType != XmlNodeType.EndElement)
                {
                    if (xml.NodeType != XmlNodeType.Element)
                    {
                        xml.Read();
                        continue;
                    }

                    if ((xml.LocalName == "Props" || xml.LocalName == "MS") && !xml.IsEmptyElement)
                    {
                        members = true;
                        Members(xml, row, state);
                    }
                    else if (mayBeCollection && Collections.Contains(xml.LocalName) && !xml.IsEmptyElement)
                    {
                        // An array exported as one object: its items are the rows (one level, as ConvertFrom-Json's
                        // and Import-Clixml's arrays are taken apart).
                        collection = true;
                        xml.Read();
                        while (xml.NodeType != XmlNodeType.EndElement)
                        {
                            if (xml.NodeType == XmlNodeType.Element)
                            {
                                rows.AddRange(TopLevel(xml, state, false));
                            }
                            else
                            {
                                xml.Read();
                            }
                        }

                        xml.Read();
                    }
                    else
                    {
                        xml.Skip();
                    }
                }

                xml.Read();
            }

            if (collection)
            {
                return rows;
            }

            state.Number++;
            if (!members)
            {
                row.NotAnObject = "an object without properties";
            }

            rows.Add(row);
            return rows;
        }

        /// <summary>The properties of a &lt;Props&gt; or &lt;MS&gt; that a baseline uses, the reader left after it.</summary>
        private static void Members(XmlReader xml, BaselineRow row, State state)
        {
            xml.Read();
            while (xml.NodeType != XmlNodeType.EndElement)
            {
                if (xml.NodeType != XmlNodeType.Element)
                {
                    xml.Read();
                    continue;
                }

                string? encoded = xml.GetAttribute("N");
                string name = encoded == null ? string.Empty : XmlConvert.DecodeName(encoded);
                if (!BaselineRowConverter.IsKept(name))
                {
                    xml.Skip();
                    continue;
                }

                int line = state.Line;
                object? value = Value(xml, row, name);
                if (!row.TryAdd(name, value))
                {
                    throw BaselineRowConverter.Invalid(row,
                        $"has the property '{name}' twice (again on line {line.ToString(CultureInfo.InvariantCulture)})");
                }
            }

            xml.Read();
        }

        /// <summary>One property's value, the reader left after it: a scalar, null, or <see cref="BaselineRow.Structured"/>.</summary>
        private static object? Value(XmlReader xml, BaselineRow row, string name)
        {
            switch (xml.LocalName)
            {
                case "Nil":
                    xml.Skip();
                    return null;
                case "Ref":
                    // Export-Clixml writes a <Ref> for an object met before; enums and strings never are.
                    string id = TerminalText.Escape(xml.GetAttribute("RefId")) ?? string.Empty;
                    throw BaselineRowConverter.Invalid(row,
                        $"has a reference to another object as {name} (<Ref RefId=\"{id}\" />), where one value belongs");
                case "Obj":
                    return ObjectValue(xml);
                default:
                    return Scalar(xml.LocalName, xml.ReadElementContentAsString());
            }
        }

        // An enum (or another value with notes): its name from <ToString>, else its value; anything with members or
        // items is structure, not one value.
        private static object? ObjectValue(XmlReader xml)
        {
            if (xml.IsEmptyElement)
            {
                xml.Read();
                return BaselineRow.Structured;
            }

            string? shown = null;
            object? primitive = null;
            bool structured = false;
            xml.Read();
            while (xml.NodeType != XmlNodeType.EndElement)
            {
                if (xml.NodeType != XmlNodeType.Element)
                {
                    xml.Read();
                    continue;
                }

                switch (xml.LocalName)
                {
                    case "ToString":
                        shown = XmlConvert.DecodeName(xml.ReadElementContentAsString());
                        break;
                    case "TN":
                    case "TNRef":
                        xml.Skip();
                        break;
                    case "Props":
                    case "MS":
                    case "LST":
                    case "IE":
                    case "STK":
                    case "QUE":
                    case "DCT":
                    case "Obj":
                    case "Ref":
                        structured = true;
                        xml.Skip();
                        break;
                    case "Nil":
                        xml.Skip();
                        break;
                    default:
                        string tag = xml.LocalName;
                        primitive = Scalar(tag, xml.ReadElementContentAsString());
                        break;
                }
            }

            xml.Read();
            if (structured || (primitive == null && shown == null))
            {
                return BaselineRow.Structured;
            }

            return shown ?? primitive;
        }

        // MS-PSRP's primitive types, as far as a baseline needs them: whole numbers as long, other numbers as double,
        // text decoded from PowerShell's _xHHHH_ escapes; the rest (dates, GUIDs, versions) as their text.
        private static object? Scalar(string tag, string content)
        {
            switch (tag)
            {
                case "S":
                    return XmlConvert.DecodeName(content);
                case "C":
                    // A char is written as its number.
                    return int.TryParse(content, NumberStyles.None, CultureInfo.InvariantCulture, out int code) && code <= 0xFFFF
                        ? ((char)code).ToString()
                        : content;
                case "B":
                    return string.Equals(content.Trim(), "true", StringComparison.OrdinalIgnoreCase);
                case "By":
                case "SB":
                case "I16":
                case "U16":
                case "I32":
                case "U32":
                case "I64":
                    return long.TryParse(content, NumberStyles.Integer, CultureInfo.InvariantCulture, out long whole) ? whole : (object)content;
                case "U64":
                    return ulong.TryParse(content, NumberStyles.Integer, CultureInfo.InvariantCulture, out ulong big) ? big : (object)content;
                case "Db":
                case "Sg":
                    return double.TryParse(content, NumberStyles.Float, CultureInfo.InvariantCulture, out double real) ? real : (object)content;
                case "D":
                    return decimal.TryParse(content, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal exact) ? exact : (object)content;
                default:
                    return content;
            }
        }

        private sealed class State
        {
            private readonly IXmlLineInfo? _lines;

            public State(string source, IXmlLineInfo? lines)
            {
                Source = source;
                _lines = lines;
            }

            public string Source { get; }

            public int Number { get; set; }

            public int Line => _lines != null && _lines.HasLineInfo() ? _lines.LineNumber : 0;
        }
    }
}
