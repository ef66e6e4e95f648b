using System;
using System.Text;
using LoopbackTools.Native;

namespace LoopbackTools.Windows
{
    /// <summary>
    /// Turns what a Windows console program (netsh) wrote into a pipe back into text. Such programs write in the code
    /// page of the console they run in, not UTF-8: CP850 or CP1252 in Western Europe, CP932 in Japan, CP936 in China
    /// (golang/go#13198: "Output of netsh is encoded as ANSI encoding. For example CP932").
    /// </summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item>When this process has a console, the child is started in it (no CREATE_NO_WINDOW, which would give the
    /// child a new hidden console of its own) and writes in GetConsoleOutputCP(): whatever `chcp` set.</item>
    /// <item>Without a console (a service, a scheduled task) GetConsoleOutputCP() is 0 and the child gets a new console,
    /// which starts in the system OEM code page: GetOEMCP().</item>
    /// <item>The bytes are decoded by MultiByteToWideChar, the OS's own table for that code page. Encoding.GetEncoding
    /// would need System.Text.Encoding.CodePages registered on PowerShell 7 and shipped beside the module for Windows
    /// PowerShell 5.1, where it can clash with the copy another module loaded.</item>
    /// </list>
    /// The parsers read only digits, spaces, ':' and '*', which every ANSI and OEM code page keeps at their ASCII
    /// values, so even a wrong guess cannot move a number; decoding right keeps the localised text readable wherever it
    /// is shown.
    /// </remarks>
    internal static class ConsoleOutputDecoder
    {
        /// <summary>Decodes <paramref name="count"/> bytes in a code page; null when the OS does not know the code page.</summary>
        internal delegate string? CodePageDecoder(uint codePage, byte[] bytes, int count);

        /// <summary>The code page a console child writes in, from this process's console output code page (0: no console).</summary>
        public static uint ChildCodePage(uint consoleOutputCodePage, uint oemCodePage) =>
            consoleOutputCodePage != 0 ? consoleOutputCodePage : oemCodePage;

        /// <summary>This process's answer: the code page, and whether the child can share this process's console.</summary>
        public static (uint CodePage, bool ShareConsole) ForThisProcess()
        {
            try
            {
                uint console = Kernel32.GetConsoleOutputCP();
                return (ChildCodePage(console, console == 0 ? Kernel32.GetOEMCP() : 0), console != 0);
            }
            catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException)
            {
                return (Kernel32.CP_UTF8, false);
            }
        }

        /// <summary>
        /// The text of <paramref name="count"/> bytes in <paramref name="codePage"/>: UTF-8 (BOM dropped) for CP_UTF8,
        /// else <paramref name="decoder"/>; UTF-8 again when the decoder does not know the code page.
        /// </summary>
        public static string Decode(byte[] bytes, int count, uint codePage, CodePageDecoder decoder)
        {
            if (count == 0)
            {
                return string.Empty;
            }

            if (codePage != Kernel32.CP_UTF8)
            {
                string? text = decoder(codePage, bytes, count);
                if (text != null)
                {
                    return text;
                }
            }

            bool bom = count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF;
            return new UTF8Encoding(false).GetString(bytes, bom ? 3 : 0, bom ? count - 3 : count);
        }

        /// <summary>MultiByteToWideChar, sized first; null when the code page is unknown or the call fails.</summary>
        public static string? MultiByteToString(uint codePage, byte[] bytes, int count)
        {
            int chars = Kernel32.MultiByteToWideChar(codePage, 0, bytes, count, null, 0);
            if (chars <= 0)
            {
                return null;
            }

            var buffer = new char[chars];
            int written = Kernel32.MultiByteToWideChar(codePage, 0, bytes, count, buffer, chars);
            return written <= 0 ? null : new string(buffer, 0, written);
        }
    }
}
