using System.Net;
using LoopbackTools.Probing;
using Xunit;

namespace LoopbackTools.Tests.Probing
{
    public class FamilySplitTests
    {
        private static readonly IPAddress[] V4Only = { IPAddress.Loopback };
        private static readonly IPAddress[] V6First = { IPAddress.IPv6Loopback, IPAddress.Loopback };

        private static PortTestResult Result(string address, IPFamily family, PortTestStatus status) => new PortTestResult
        {
            ComputerName = "web01", Target = "localhost", Address = address, AddressFamily = family, Port = 8080, Protocol = TransportProtocol.Tcp,
            Status = status,
        };

        private static PortTestResult[] V4Open =>
            new[] { Result("::1", IPFamily.IPv6, PortTestStatus.Refused), Result("127.0.0.1", IPFamily.IPv4, PortTestStatus.Open) };

        private static PortTestResult[] V6Open =>
            new[] { Result("::1", IPFamily.IPv6, PortTestStatus.Open), Result("127.0.0.1", IPFamily.IPv4, PortTestStatus.Refused) };

        [Fact]
        public void Names_the_address_that_answers_and_the_one_that_refuses()
        {
            var note = FamilySplit.Describe(V4Open, V6First);
            Assert.NotNull(note);
            Assert.Contains("answers on 127.0.0.1 but is refused on ::1", note!.Message);
            Assert.Contains("8080/TCP", note.Message);
        }

        [Fact]
        public void Server_on_the_family_localhost_does_not_resolve_to_is_a_warning_that_curl_still_reaches_it()
        {
            // The case: /etc/hosts maps localhost to 127.0.0.1 only, a node server listens on ::1 only.
            var note = FamilySplit.Describe(V6Open, V4Only)!;
            Assert.True(note.IsWarning);
            Assert.Equal(ConflictSeverity.Warning, note.Severity);
            Assert.Contains("resolves to 127.0.0.1 only here", note.Message);
            Assert.Contains("through the system resolver", note.Message);
            Assert.Contains("curl 7.78 and later", note.Message);
            Assert.DoesNotContain("cannot", note.Message);
        }

        [Fact]
        public void Server_on_the_family_resolved_second_is_a_warning_about_clients_that_do_not_go_on()
        {
            var note = FamilySplit.Describe(V4Open, V6First)!;
            Assert.True(note.IsWarning);
            Assert.Contains("::1 first", note.Message);
            Assert.Contains("only the first address", note.Message);
        }

        [Fact]
        public void Server_on_the_only_family_localhost_resolves_to_is_a_note_not_a_warning()
        {
            // What this machine does by default: 127.0.0.1 only in /etc/hosts, a server on 127.0.0.1.
            var note = FamilySplit.Describe(V4Open, V4Only)!;
            Assert.False(note.IsWarning);
            Assert.Contains("answers on 127.0.0.1 but is refused on ::1", note.Message);
            Assert.Contains("reach it", note.Message);
        }

        [Fact]
        public void Quotes_the_name_that_was_probed_not_the_computer_that_probed_it()
        {
            string? warning = FamilySplit.Describe(
                new[] { Result("::1", IPFamily.IPv6, PortTestStatus.Refused), Result("127.0.0.1", IPFamily.IPv4, PortTestStatus.Open) },
                V6First)?.Message;
            Assert.StartsWith("'localhost' port 8080/TCP", warning);
            Assert.DoesNotContain("web01", warning);
        }

        [Theory]
        [InlineData(PortTestStatus.Open, PortTestStatus.Open)]
        [InlineData(PortTestStatus.Refused, PortTestStatus.Refused)]
        [InlineData(PortTestStatus.Unreachable, PortTestStatus.Open)]
        [InlineData(PortTestStatus.TimedOut, PortTestStatus.Open)]
        public void Is_silent_when_the_families_do_not_split_into_open_and_refused(PortTestStatus v6, PortTestStatus v4)
        {
            Assert.Null(FamilySplit.Describe(new[] { Result("::1", IPFamily.IPv6, v6), Result("127.0.0.1", IPFamily.IPv4, v4) }, V6First));
        }

        [Fact]
        public void Is_silent_for_two_addresses_of_the_same_family()
        {
            var results = new[]
            {
                Result("127.0.1.1", IPFamily.IPv4, PortTestStatus.Refused), Result("127.0.0.1", IPFamily.IPv4, PortTestStatus.Open),
            };
            Assert.Null(FamilySplit.Describe(results, V4Only));
        }
    }
}
