using System.Text;
using LoopbackTools.Windows;
using Xunit;

namespace LoopbackTools.Tests.Windows
{
    /// <summary>The code page choice and the decoding rules, with fake decoders standing in for MultiByteToWideChar.</summary>
    public class ConsoleOutputDecoderTests
    {
        [Theory]
        [InlineData(850u, 437u, 850u)]
        [InlineData(65001u, 850u, 65001u)]
        [InlineData(0u, 437u, 437u)]
        [InlineData(0u, 932u, 932u)]
        public void ConsoleOutputDecoder_ChildWritesInTheConsolesCodePage_OrTheOemOneWithoutAConsole(uint console, uint oem, uint expected)
        {
            Assert.Equal(expected, ConsoleOutputDecoder.ChildCodePage(console, oem));
        }

        [Fact]
        public void ConsoleOutputDecoder_DecodesUtf8ItselfAndDropsTheBom_WithoutAskingTheDecoder()
        {
            bool asked = false;
            byte[] text8 = Encoding.UTF8.GetBytes("Puerto de inicio ó");
            byte[] bytes = new byte[3 + text8.Length];
            bytes[0] = 0xEF;
            bytes[1] = 0xBB;
            bytes[2] = 0xBF;
            text8.CopyTo(bytes, 3);

            string text = ConsoleOutputDecoder.Decode(bytes, bytes.Length, 65001, (cp, b, n) =>
            {
                asked = true;
                return null;
            });

            Assert.Equal("Puerto de inicio ó", text);
            Assert.False(asked);
        }

        [Fact]
        public void ConsoleOutputDecoder_FallsBackToUtf8_WhenTheFakeDecoderDoesNotKnowTheCodePage()
        {
            byte[] bytes = Encoding.ASCII.GetBytes("      5357        5357\r\n");

            Assert.Equal("      5357        5357\r\n", ConsoleOutputDecoder.Decode(bytes, bytes.Length, 54321, (cp, b, n) => null));
        }

        [Fact]
        public void ConsoleOutputDecoder_PassesCodePageAndCount_ToTheFakeDecoder()
        {
            byte[] bytes = { 1, 2, 3, 4, 5 };
            uint seenPage = 0;
            int seenCount = 0;

            string text = ConsoleOutputDecoder.Decode(bytes, 3, 936, (cp, b, n) =>
            {
                seenPage = cp;
                seenCount = n;
                return "decoded";
            });

            Assert.Equal("decoded", text);
            Assert.Equal(936u, seenPage);
            Assert.Equal(3, seenCount);
            Assert.Equal(string.Empty, ConsoleOutputDecoder.Decode(bytes, 0, 936, (cp, b, n) => "never"));
        }
    }
}
