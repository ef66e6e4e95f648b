using LoopbackTools.Probing;
using Xunit;

namespace LoopbackTools.Tests.Probing
{
    public class FamilySplitTests
    {
        private static PortTestResult Result(string address, IPFamily family, PortTestStatus status) => new PortTestResult
        {
            ComputerName = "web01", Target = "localhost", Address = address, AddressFamily = family, Port = 8080, Protocol = TransportProtocol.Tcp,
            Status = status,
        };

        [Fact]
        public void Names_the_address_that_answers_and_the_one_that_refuses()
        {
            string? warning = FamilySplit.Describe(new[] { Result("::1", IPFamily.IPv6, PortTestStatus.Refused), Result("127.0.0.1", IPFamily.IPv4, PortTestStatus.Open) });
            Assert.NotNull(warning);
            Assert.Contains("answers on 127.0.0.1 but is refused on ::1", warning);
            Assert.Contains("8080/TCP", warning);
        }

        [Fact]
        public void Quotes_the_name_that_was_probed_not_the_computer_that_probed_it()
        {
            string? warning = FamilySplit.Describe(new[]
            {
                Result("::1", IPFamily.IPv6, PortTestStatus.Refused), Result("127.0.0.1", IPFamily.IPv4, PortTestStatus.Open),
            });
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
            Assert.Null(FamilySplit.Describe(new[] { Result("::1", IPFamily.IPv6, v6), Result("127.0.0.1", IPFamily.IPv4, v4) }));
        }

        [Fact]
        public void Is_silent_for_two_addresses_of_the_same_family()
        {
            Assert.Null(FamilySplit.Describe(new[] { Result("127.0.1.1", IPFamily.IPv4, PortTestStatus.Refused), Result("127.0.0.1", IPFamily.IPv4, PortTestStatus.Open) }));
        }
    }
}
