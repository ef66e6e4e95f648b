using System;
using System.IO;
using System.Linq;
using System.Text;
using LoopbackTools.Ranges;
using LoopbackTools.Windows;
using Xunit;

namespace LoopbackTools.Tests.Ranges
{
    /// <summary>
    /// Windows is not here: real netsh output quoted in public reports (Fixtures/Netsh/README.md names each source),
    /// fed to the parser as netsh writes it: CRLF line ends, and bytes in the console's code page decoded back.
    /// .NET's code page tables stand in for MultiByteToWideChar, the decoder the module uses on Windows.
    /// </summary>
    public class NetshCapturedTextTests
    {
        static NetshCapturedTextTests()
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        }

        private static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Netsh", name));

        private static string Crlf(string text) => text.Replace("\r\n", "\n").Replace("\n", "\r\n");

        private static string? ManagedDecoder(uint codePage, byte[] bytes, int count)
        {
            try
            {
                return Encoding.GetEncoding((int)codePage).GetString(bytes, 0, count);
            }
            catch (Exception e) when (e is NotSupportedException || e is ArgumentException)
            {
                return null;
            }
        }

        private static string[] Spans(string text) =>
            WindowsPortText.ParseExcludedRanges(text, TransportProtocol.Tcp, "netsh").Select(r => $"{r.StartPort}-{r.EndPort}").ToArray();

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void ExcludedRanges_FromCapturedNetshText_OtelRunner_ReadPaddedRowsAndTheAdministeredMark(bool crlf)
        {
            string text = Fixture("excludedportrange-ipv4-tcp-otel-10839.txt");
            Assert.Contains("End Port      \n", text); // the fixture kept netsh's trailing spaces
            var ranges = WindowsPortText.ParseExcludedRanges(crlf ? Crlf(text) : text, TransportProtocol.Tcp, "netsh");

            Assert.Equal(new[] { "80-80", "5986-5986", "47001-47001", "55679-55679" }, ranges.Select(r => $"{r.StartPort}-{r.EndPort}"));
            Assert.Equal(new[] { false, false, false, true }, ranges.Select(r => r.Administered));
            Assert.All(ranges, r => Assert.Equal(PortRangeKind.Excluded, r.Kind));
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void ExcludedRanges_FromCapturedNetshText_SpanishHeadings_ReadEveryRow(bool crlf)
        {
            string text = Fixture("excludedportrange-ipv4-tcp-spanish-wsl-5306.txt");
            Assert.StartsWith("Puerto de inicio    Puerto final", text);

            var spans = Spans(crlf ? Crlf(text) : text);

            Assert.Equal(24, spans.Length);
            Assert.Equal("1025-1124", spans[0]);
            Assert.Contains("25313-25412", spans); // the range that held the reporter's port 25340
            Assert.Equal("50000-50059", spans[23]);
        }

        [Fact]
        public void ExcludedRanges_FromCapturedNetshText_ChineseInCodePage936_DecodeAndParse()
        {
            string text = Crlf(Fixture("excludedportrange-ipv4-tcp-chinese-whimbox-21.txt"));
            byte[] written = Encoding.GetEncoding(936).GetBytes(text); // what netsh writes on a Chinese console

            string decoded = ConsoleOutputDecoder.Decode(written, written.Length, 936, ManagedDecoder);
            var ranges = WindowsPortText.ParseExcludedRanges(decoded, TransportProtocol.Tcp, "netsh");

            Assert.Equal(text, decoded);
            Assert.Contains("* - 管理的端口排除。", decoded);
            Assert.Equal(18, ranges.Count);
            Assert.Equal("1607-1706", $"{ranges[0].StartPort}-{ranges[0].EndPort}");
            Assert.Equal(new[] { 50000 }, ranges.Where(r => r.Administered).Select(r => r.StartPort));
        }

        [Fact]
        public void ExcludedRanges_FromCapturedNetshText_ReadAsUtf8_GarbleTheWordsButNotTheNumbers()
        {
            // Why a wrong code page never moved a port, and why decoding right still matters for the text.
            string text = Crlf(Fixture("excludedportrange-ipv4-tcp-chinese-whimbox-21.txt"));
            byte[] written = Encoding.GetEncoding(936).GetBytes(text);

            string asUtf8 = new UTF8Encoding(false).GetString(written);

            Assert.DoesNotContain("管理的端口排除", asUtf8);
            Assert.Contains('\uFFFD', asUtf8);
            Assert.Equal(Spans(text), Spans(asUtf8));
        }

        [Fact]
        public void ExcludedRanges_FromConstructedGermanText_InCodePage850_DecodeAndParse()
        {
            string text = Fixture("excludedportrange-ipv4-tcp-german.txt");
            byte[] written = Encoding.GetEncoding(850).GetBytes(text);
            Assert.Contains((byte)0x81, written); // ü is 0x81 in CP850, not the two UTF-8 bytes C3 BC

            string decoded = ConsoleOutputDecoder.Decode(written, written.Length, 850, ManagedDecoder);

            Assert.Equal(text, decoded);
            Assert.Contains("Portausschlüsse", decoded);
            Assert.Equal(new[] { "1031-1130", "8080-8080" }, Spans(decoded));
        }

        [Fact]
        public void CommandOutput_RunRaw_HandsBackTheBytesALiveProcessWrote_NotUtf8Text()
        {
            // printf writes the single byte 0xA2 for \242: "ó" in CP850, not valid UTF-8 on its own.
            if (!File.Exists("/usr/bin/printf"))
            {
                return;
            }

            byte[]? raw = CommandOutput.RunRaw("/usr/bin/printf", new[] { "exclusi\\242n" }, createNoWindow: true);

            Assert.NotNull(raw);
            Assert.Equal(new byte[] { 0x65, 0x78, 0x63, 0x6C, 0x75, 0x73, 0x69, 0xA2, 0x6E }, raw);
            Assert.Equal("exclusión", ConsoleOutputDecoder.Decode(raw!, raw!.Length, 850, ManagedDecoder));
        }

        [Fact]
        public void CommandOutput_RunRaw_ReturnsNull_ForAToolThatFails()
        {
            Assert.Null(CommandOutput.RunRaw("/bin/false", Array.Empty<string>(), createNoWindow: true));
            Assert.Null(CommandOutput.RunRaw("/nonexistent/netsh", Array.Empty<string>(), createNoWindow: true));
        }
    }
}
