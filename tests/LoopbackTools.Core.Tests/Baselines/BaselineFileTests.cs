using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using LoopbackTools.Baselines;
using LoopbackTools.Baselines.Files;
using LoopbackTools.Errors;
using Xunit;

namespace LoopbackTools.Tests.Baselines
{
    /// <summary>
    /// The baseline readers on what the export cmdlets really wrote (Fixtures/Baselines) and on text constructed in
    /// their formats for the cases the cmdlets would not write (broken, hostile, or hand-edited files).
    /// </summary>
    public class BaselineFileTests
    {
        private const string Row = "{\"Protocol\": 0, \"LocalAddress\": \"::1\", \"LocalPort\": 1}";

        private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Baselines", name);

        private static List<BaselineEntry> Entries(IEnumerable<BaselineRow> rows)
        {
            var collector = new BaselineCollector();
            collector.AddAll(rows);
            return collector.Entries;
        }

        private static List<BaselineEntry> Csv(string text) => Entries(BaselineCsvReader.Read(new StringReader(text), "'t.csv'"));

        private static List<BaselineEntry> Json(string text) => Entries(BaselineJsonReader.Read(new StringReader(text), "'t.json'"));

        private static List<BaselineEntry> Clixml(string text) => Entries(BaselineClixmlReader.Read(new StringReader(text), "'t.xml'"));

        private static BaselineException Refused(Func<object> read, ErrorDefinition error)
        {
            var e = Assert.Throws<BaselineException>(() => read());
            Assert.Equal(error, e.Error);
            return e;
        }

        private static string Describe(BaselineEntry e) =>
            $"{e.Protocol} {e.LocalAddress} {e.LocalPort} {e.State} {e.AddressFamily} {e.Exposure} {e.ProcessName} {e.ProcessPath} {e.UserName} "
                + $"{e.ProcessId}";

        [Theory]
        [InlineData("export-csv.csv")]
        [InlineData("export-csv-typeinfo.csv")]
        [InlineData("convertto-json.json")]
        [InlineData("convertto-json-enumsasstrings.json")]
        [InlineData("export-clixml.xml")]
        [InlineData("export-clixml-inputobject-array.xml")]
        [InlineData("import-csv-export-clixml.xml")]
        public void EveryExportFormat_ReadsTheSameThreeListeners(string file)
        {
            var entries = Entries(BaselineFile.Read(Fixture(file))).Select(Describe).ToList();
            var expected = Entries(BaselineFile.Read(Fixture("export-csv.csv"))).Select(Describe).ToList();

            Assert.Equal(3, entries.Count);
            Assert.Equal(expected, entries);
            Assert.StartsWith("Tcp 127.0.0.1 ", entries[0]);
            Assert.StartsWith("Tcp ::1 ", entries[1]);
            Assert.StartsWith("Udp 127.0.0.1 ", entries[2]);
            Assert.Contains(" Bound IPv4 LoopbackOnly dotnet /usr/share/dotnet/dotnet root ", entries[2]);
        }

        [Fact]
        public void Rows_NameTheirLineInTheFile_EvenAfterQuotedFieldsThatSpanLines()
        {
            var rows = BaselineFile.Read(Fixture("export-csv.csv")).ToList();
            Assert.Equal(new[] { 1, 2, 3 }, rows.Select(r => r.Number));
            Assert.Equal(2, rows[0].Line);
            Assert.True(rows[1].Line > rows[0].Line + 1, "the command line of row 1 spans lines");
            Assert.Null(rows[0]["CommandLine"]); // only the properties a baseline uses are kept
        }

        [Theory]
        [InlineData("")]
        [InlineData("\"Protocol\",\"LocalAddress\",\"LocalPort\"\n")]
        [InlineData("#TYPE LoopbackTools.Endpoint\n\"Protocol\",\"LocalAddress\",\"LocalPort\"\n")]
        public void Csv_EmptyOrHeaderOnly_HasNoRows(string text) => Assert.Empty(Csv(text));

        [Theory]
        [InlineData("")]
        [InlineData("  \n")]
        [InlineData("[]")]
        [InlineData("[ ]\n")]
        [InlineData("null")]
        public void Json_EmptyArrayOrNull_HasNoRows(string text) => Assert.Empty(Json(text));

        [Theory]
        [InlineData("")]
        [InlineData("<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\" />")]
        [InlineData("<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\">\n</Objs>")]
        public void Clixml_NoObjects_HasNoRows(string text) => Assert.Empty(Clixml(text));

        [Fact]
        public void Json_OneObjectWithoutArray_IsOneRow()
        {
            var entry = Assert.Single(Json("{ \"Protocol\": 1, \"LocalAddress\": \"::1\", \"LocalPort\": 53, \"State\": 11 }"));
            Assert.Equal((TransportProtocol.Udp, SocketState.Bound, IPFamily.IPv6), (entry.Protocol, entry.State, entry.AddressFamily));
        }

        [Theory]
        [InlineData("4294967297", "Protocol '4294967297', which is not one of Tcp, Udp (or their numbers 0, 1)")]
        [InlineData("-1", "Protocol '-1', which is not one of Tcp, Udp")]
        [InlineData("1.5", "Protocol '1.5'")]
        [InlineData("1e400", "Protocol '")]
        [InlineData("\"Sctp\"", "Protocol 'Sctp'")]
        [InlineData("true", "Protocol 'True'")]
        [InlineData("[0]", "a list or an object as Protocol")]
        public void Json_ProtocolOutsideTheEnum_IsRefusedNamingTheRow(string protocol, string message)
        {
            string text = "[\n {\"Protocol\": 0, \"LocalAddress\": \"127.0.0.1\", \"LocalPort\": 1},\n {\"Protocol\": " + protocol
                + ", \"LocalAddress\": \"127.0.0.1\", \"LocalPort\": 2}\n]";
            var e = Refused(() => Json(text), ErrorCatalogue.InvalidBaselineEntry);
            Assert.StartsWith("Baseline row 2 (line 3) of 't.json' has ", e.Message);
            Assert.Contains(message, e.Message);
            Assert.Equal(2, e.Row!.Number);
        }

        [Theory]
        [InlineData("4294967296")]
        [InlineData("13")]
        [InlineData("Listening")]
        public void Csv_StateOutsideTheEnum_IsRefused(string state)
        {
            var e = Refused(() => Csv($"\"Protocol\",\"LocalAddress\",\"LocalPort\",\"State\"\n\"Tcp\",\"127.0.0.1\",\"80\",\"{state}\"\n"),
                ErrorCatalogue.InvalidBaselineEntry);
            Assert.Contains($"row 1 (line 2) of 't.csv' has State '{state}', which is not one of Listen,", e.Message);
        }

        [Theory]
        [InlineData("Listen", SocketState.Listen)]
        [InlineData("listen", SocketState.Listen)]
        [InlineData(" 11 ", SocketState.Bound)]
        [InlineData("", SocketState.Listen)]
        public void Csv_StateByNameNumberOrLeftEmpty(string state, SocketState expected)
        {
            var entry = Assert.Single(Csv($"\"Protocol\",\"LocalAddress\",\"LocalPort\",\"State\"\n\"Tcp\",\"127.0.0.1\",\"80\",\"{state}\"\n"));
            Assert.Equal(expected, entry.State);
        }

        [Theory]
        [InlineData("2130706433")]
        [InlineData("127.1")]
        [InlineData("0x7f000001")]
        [InlineData("0177.0.0.1")]
        [InlineData("127.0.0.256")]
        [InlineData("localhost")]
        public void IntegerAndShorthandAddresses_AreRefused(string address)
        {
            var e = Refused(() => Csv($"\"Protocol\",\"LocalAddress\",\"LocalPort\"\n\"Tcp\",\"{address}\",\"80\"\n"),
                ErrorCatalogue.InvalidBaselineEntry);
            Assert.Contains($"has LocalAddress '{address}', which is not an IP address", e.Message);
        }

        [Fact]
        public void AnIntegerRemoteAddress_IsRefusedToo()
        {
            var e = Refused(() => Csv("\"Protocol\",\"LocalAddress\",\"LocalPort\",\"RemoteAddress\"\n\"Tcp\",\"127.0.0.1\",\"80\",\"16777343\"\n"),
                ErrorCatalogue.InvalidBaselineEntry);
            Assert.Contains("RemoteAddress '16777343'", e.Message);
        }

        [Theory]
        [InlineData("LocalPort", "65536")]
        [InlineData("LocalPort", "-1")]
        [InlineData("LocalPort", "80.5")]
        [InlineData("ProcessId", "2147483648")]
        public void NumbersOutOfRange_AreRefused(string name, string value)
        {
            string port = name == "LocalPort" ? value : "80";
            string pid = name == "ProcessId" ? value : "1";
            var e = Refused(() => Json($"[{{\"Protocol\": 0, \"LocalAddress\": \"127.0.0.1\", \"LocalPort\": {port}, \"ProcessId\": {pid}}}]"),
                ErrorCatalogue.InvalidBaselineEntry);
            Assert.Contains($"{name} '{value}'", e.Message);
        }

        [Fact]
        public void Json_AKeyTwiceInARow_IsRefusedNamingTheRow_WhateverTheCase()
        {
            string text = "[\n  {\"Protocol\": 0, \"LocalAddress\": \"127.0.0.1\", \"LocalPort\": 1},\n"
                + "  {\"Protocol\": 0, \"LocalAddress\": \"127.0.0.1\",\n   \"LocalPort\": 2, \"localport\": 3}\n]";
            var e = Refused(() => Json(text), ErrorCatalogue.InvalidBaselineEntry);
            Assert.Equal("Baseline row 2 (line 4) of 't.json' is refused: the key 'localport' appears twice in one object (first on line 4).",
                e.Message);
        }

        [Fact]
        public void Clixml_APropertyTwiceInARow_IsRefused()
        {
            string text = "<Objs xmlns=\"http://schemas.microsoft.com/powershell/2004/04\"><Obj RefId=\"0\"><MS>"
                + "<S N=\"Protocol\">Tcp</S><S N=\"LocalAddress\">::1</S><I32 N=\"LocalPort\">1</I32></MS>"
                + "<Props><S N=\"Protocol\">Udp</S></Props></Obj></Objs>";
            var e = Refused(() => Clixml(text), ErrorCatalogue.InvalidBaselineEntry);
            Assert.Contains("has the property 'Protocol' twice", e.Message);
        }

        [Fact]
        public void Csv_AColumnTwiceInTheHeader_IsRefused()
        {
            var e = Refused(() => Csv("\"Protocol\",\"LocalAddress\",\"LocalPort\",\"protocol\"\n\"Tcp\",\"::1\",\"1\",\"Udp\"\n"),
                ErrorCatalogue.BaselineUnreadable);
            Assert.Equal("Baseline file 't.csv', line 1: the header names the column 'protocol' twice.", e.Message);
        }

        [Theory]
        [InlineData("garbage", 1, "unexpected 'g' where a value is expected")]
        [InlineData("[\n {\"Protocol\": 0,\n  \"LocalAddress\": '127.0.0.1'}\n]", 3, "unexpected ''' where a value is expected")]
        [InlineData("[\n " + Row + "\n " + Row + "\n]", 3, "expected ',' or ']' after a value, found '{'")]
        [InlineData("[\n " + Row, 2, "the file ends inside an array")]
        [InlineData("[ " + Row + " ] x", 1, "unexpected 'x' after the end of the JSON value")]
        [InlineData("\u001b[2J", 1, "unexpected '\\x1b' where a value is expected")]
        public void Json_SyntaxErrors_SayWhatAndWhichLine(string text, int line, string what)
        {
            var e = Refused(() => Json(text), ErrorCatalogue.BaselineUnreadable);
            Assert.StartsWith($"Baseline file 't.json', line {line}: JSON syntax error: ", e.Message);
            Assert.Contains(what, e.Message);
            Assert.False(e.Message.Contains('\u001b'), "the message escapes control characters");
        }

        [Fact]
        public void Json_AnElementThatIsNotAnObject_IsRefusedAsItsRow()
        {
            var e = Refused(() => Json("[{\"Protocol\": 0, \"LocalAddress\": \"::1\", \"LocalPort\": 1}, 42]"), ErrorCatalogue.InvalidBaselineEntry);
            Assert.StartsWith("Baseline row 2 (line 1) of 't.json' is the number 42, not an object", e.Message);
        }

        [Fact]
        public void Json_ARowLongerThanTheReadWindow_IsReadWhole()
        {
            // The reader holds a window of 16k characters and grows it for a value that does not fit.
            string path = "/opt/" + new string('p', 100_000);
            var entries = Json($"[{{\"Protocol\": 0, \"LocalAddress\": \"::1\", \"LocalPort\": 1, \"ProcessPath\": \"{path}\"}},"
                + "{\"Protocol\": 1, \"LocalAddress\": \"::1\", \"LocalPort\": 2}]");
            Assert.Equal(path, entries[0].ProcessPath);
            Assert.Equal(2, entries[1].LocalPort);
        }

        [Fact]
        public void Json_ManyRows_StreamFromAReaderThatIsNeverOneString()
        {
            // 200k rows (about 14 MB of text) produced on demand: the rows arrive while the text is still being made.
            var rows = BaselineJsonReader.Read(new GeneratedRows(200_000), "'generated.json'");
            int count = 0;
            foreach (var row in rows)
            {
                count++;
                Assert.Equal(count, row.Number);
            }

            Assert.Equal(200_000, count);
        }

        [Fact]
        public void Csv_AnUnclosedQuote_IsUnreadableNamingTheLine()
        {
            var e = Refused(() => Csv("\"Protocol\",\"LocalAddress\",\"LocalPort\"\n\"Tcp\",\"::1\",\"1\"\n\"Tcp,\"::1\",\"2\"\n"),
                ErrorCatalogue.BaselineUnreadable);
            Assert.Equal("Baseline file 't.csv' is not valid CSV: Line 3: a quoted field is not closed.", e.Message);
        }

        [Fact]
        public void Csv_AShortRow_HasNullForTheMissingFields()
        {
            var e = Refused(() => Csv("\"Protocol\",\"LocalAddress\",\"LocalPort\"\n\"Tcp\",\"::1\"\n"), ErrorCatalogue.InvalidBaselineEntry);
            Assert.Contains("row 1 (line 2) of 't.csv' has no LocalPort", e.Message);
        }

        [Fact]
        public void Clixml_ARefRepeatsTheObject_AndAnUnknownRefIsRefused()
        {
            const string Head = "<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\">";
            const string Obj = "<Obj RefId=\"0\"><TN RefId=\"0\"><T>System.Management.Automation.PSCustomObject</T></TN><MS>"
                + "<S N=\"Protocol\">Tcp</S><S N=\"LocalAddress\">127.0.0.1</S><I32 N=\"LocalPort\">1</I32>"
                + "<S N=\"ProcessName\">a_x001B_[2Jb_x005F_x0041_</S></MS></Obj>";
            var entries = Clixml(Head + Obj + "<Ref RefId=\"0\" /></Objs>");
            Assert.Equal(2, entries.Count);
            Assert.Same(entries[0], entries[1]);
            Assert.Equal("a\u001b[2Jb_x0041_", entries[0].ProcessName);

            var e = Refused(() => Clixml(Head + Obj + "<Ref RefId=\"7\" /></Objs>"), ErrorCatalogue.InvalidBaselineEntry);
            Assert.Contains("row 2 (line 1) of 't.xml' refers to an object with RefId '7', which no earlier row has", e.Message);
        }

        [Fact]
        public void Clixml_AReferenceAsAPropertyValue_IsRefused()
        {
            string text = "<Objs xmlns=\"http://schemas.microsoft.com/powershell/2004/04\"><Obj RefId=\"0\"><MS>"
                + "<Ref N=\"Protocol\" RefId=\"0\" /><S N=\"LocalAddress\">::1</S><I32 N=\"LocalPort\">1</I32></MS></Obj></Objs>";
            var e = Refused(() => Clixml(text), ErrorCatalogue.InvalidBaselineEntry);
            Assert.Contains("has a reference to another object as Protocol", e.Message);
        }

        [Theory]
        [InlineData("<Objs><Obj>", "is not valid CliXml")]
        [InlineData("<html><body/></html>", "is not CliXml: Export-Clixml writes an <Objs> element, this file starts with <html>")]
        [InlineData("<!DOCTYPE Objs [<!ENTITY x \"y\">]><Objs/>", "is not valid CliXml")]
        public void Clixml_ThatIsNotCliXml_IsUnreadable(string text, string message)
        {
            var e = Refused(() => Clixml(text), ErrorCatalogue.BaselineUnreadable);
            Assert.Contains(message, e.Message);
        }

        [Fact]
        public void Clixml_ABareValue_IsARowThatIsNotAnObject()
        {
            var e = Refused(() => Clixml("<Objs xmlns=\"http://schemas.microsoft.com/powershell/2004/04\"><S>text</S></Objs>"),
                ErrorCatalogue.InvalidBaselineEntry);
            Assert.Contains("row 1 (line 1) of 't.xml' is a <S> value, not an object", e.Message);
        }

        [Fact]
        public void File_TheExtensionChoosesTheFormat_AndAnUnknownOneIsRefused()
        {
            string dir = Path.Combine(Path.GetTempPath(), "lbt-baseline-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                string text = File.ReadAllText(Fixture("export-clixml.xml"));
                File.WriteAllText(Path.Combine(dir, "b.CLIXML"), text, new UnicodeEncoding(false, true));
                File.WriteAllText(Path.Combine(dir, "b.txt"), "x");
                Assert.Equal(3, Entries(BaselineFile.Read(Path.Combine(dir, "b.CLIXML"))).Count);
                var e = Refused(() => BaselineFile.Read(Path.Combine(dir, "b.txt")).ToList(), ErrorCatalogue.BaselineUnsupportedFormat);
                Assert.Contains("is not .csv, .json or .xml", e.Message);
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        [Fact]
        public void Converter_SharesTheStringsRowsRepeat()
        {
            var entries = Csv("\"Protocol\",\"LocalAddress\",\"LocalPort\",\"ProcessPath\"\n\"Tcp\",\"::1\",\"1\",\"/usr/sbin/nginx\"\n"
                + "\"Tcp\",\"::1\",\"2\",\"/usr/sbin/nginx\"\n");
            Assert.Same(entries[0].ProcessPath, entries[1].ProcessPath);
            Assert.Same(entries[0].LocalAddress, entries[1].LocalAddress);
        }

        /// <summary>ConvertTo-Json-shaped text of n rows, made as it is read.</summary>
        private sealed class GeneratedRows : TextReader
        {
            private readonly int _rows;
            private int _next = -1;
            private string _pending = "[\n";
            private int _offset;

            public GeneratedRows(int rows)
            {
                _rows = rows;
            }

            public override int Read(char[] buffer, int index, int count)
            {
                int written = 0;
                while (written < count)
                {
                    if (_offset == _pending.Length)
                    {
                        _next++;
                        if (_next > _rows)
                        {
                            break;
                        }

                        _pending = _next == _rows
                            ? "\n]\n"
                            : (_next > 0 ? ",\n" : string.Empty) + "  {\n    \"Protocol\": 0,\n    \"LocalAddress\": \"10.0.0.1\",\n    "
                                + "\"LocalPort\": "
                                + (_next % 65535) + ",\n    \"ProcessName\": \"svc\"\n  }";
                        _offset = 0;
                    }

                    int n = Math.Min(count - written, _pending.Length - _offset);
                    _pending.CopyTo(_offset, buffer, index + written, n);
                    _offset += n;
                    written += n;
                }

                return written;
            }
        }
    }
}
