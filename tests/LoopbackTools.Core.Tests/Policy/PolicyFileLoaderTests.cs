using System;
using System.IO;
using LoopbackTools.Errors;
using LoopbackTools.Policy;
using Xunit;

namespace LoopbackTools.Tests.Policy
{
    /// <summary>Every way a policy file can be unusable is one PolicyException naming the file, never another type.</summary>
    public sealed class PolicyFileLoaderTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "lbt-policy-loader-" + Guid.NewGuid().ToString("N"));

        public PolicyFileLoaderTests() => Directory.CreateDirectory(_dir);

        public void Dispose() => Directory.Delete(_dir, true);

        private string File(string name, string text)
        {
            string path = Path.Combine(_dir, name);
            System.IO.File.WriteAllText(path, text);
            return path;
        }

        private static PolicyException Refused(string path, string id)
        {
            var e = Assert.Throws<PolicyException>(() => PolicyFileLoader.Load(path));
            Assert.Equal(id, e.Error.Id);
            Assert.Equal(path, e.Target);
            Assert.StartsWith($"Policy file '{path}'", e.Message);
            return e;
        }

        [Fact]
        public void Reads_both_formats()
        {
            Assert.Single(PolicyFileLoader.Load(File("p.psd1", "@{ Listeners = @( @{ Port = 22 } ) }")).Listeners);
            Assert.Single(PolicyFileLoader.Load(File("p.json", "{ \"Listeners\": [ { \"Port\": 22 } ] }")).Listeners);
        }

        [Fact]
        public void A_directory_is_reported_as_a_directory()
        {
            string dir = Path.Combine(_dir, "policies.psd1");
            Directory.CreateDirectory(dir);
            Assert.Contains("is a directory", Refused(dir, "PolicyIsDirectory").Message);
        }

        [Fact]
        public void Missing_and_foreign_files_have_their_own_ids()
        {
            Assert.Contains("does not exist", Refused(Path.Combine(_dir, "absent.psd1"), "PolicyNotFound").Message);
            Refused(File("p.yaml", "Listeners: []"), "PolicyUnsupportedFormat");
        }

        [Fact]
        public void A_file_over_the_limit_is_refused_before_it_is_read()
        {
            string path = Path.Combine(_dir, "huge.psd1");
            using (var stream = new FileStream(path, FileMode.CreateNew))
            {
                stream.SetLength(PolicyFileLoader.MaxBytes + 1);
            }

            Assert.Contains("refused before it is read", Refused(path, "PolicyTooLarge").Message);
        }

        [Fact]
        public void An_endless_file_is_cut_at_the_limit()
        {
            // A symlink to /dev/zero reports length 0 and never ends: reading must stop, not fill memory.
            string path = Path.Combine(_dir, "zero.json");
            var link = System.Diagnostics.Process.Start("ln", new[] { "-s", "/dev/zero", path });
            link.WaitForExit();
            Assert.Contains("over 4 MB", Refused(path, "PolicyTooLarge").Message);
        }

        [Fact]
        public void Invalid_UTF8_and_NULs_are_a_syntax_error_not_an_exception()
        {
            string path = Path.Combine(_dir, "bytes.psd1");
            System.IO.File.WriteAllBytes(path, new byte[] { 0x40, 0x7B, 0x00, 0xC3, 0x28, 0xFF, 0x7D });
            var e = Assert.Throws<PolicyException>(() => PolicyFileLoader.Load(path));
            Assert.Equal(ErrorKind.ParserError, e.Error.Kind);
        }

        [Fact]
        public void Exception_text_is_one_clause_without_a_stack_trace_or_a_final_full_stop()
        {
            Assert.Equal("Access to the path '/x' is denied", ExceptionText.Clause("Access to the path '/x' is denied."));
            Assert.Equal("Unable to find DSC schema store. Please install it",
                ExceptionText.Clause("Unable to find DSC schema store.\n Please install it.    at Microsoft.PowerShell.Dsc.Init()\n   at X"));
            Assert.Equal("bad \\x1b[2J name", ExceptionText.Clause("bad \u001b[2J name"));
        }
    }
}
