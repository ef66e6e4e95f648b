using System.Linq;
using LoopbackTools.Policy;
using LoopbackTools.Tests.Audit;
using Xunit;

namespace LoopbackTools.Tests.Policy
{
    public class PolicyValidatorTests
    {
        private static LoopbackPolicy Load(string json) => PolicyValidator.Validate(PolicyJsonReader.Read(json, "policy.json"), "policy.json");

        private static PolicyException Fails(string json) => Assert.Throws<PolicyException>(() => Load(json));

        [Fact]
        public void FullEntry_ReadsEveryKey()
        {
            var policy = Load("{\n \"Description\": \"web tier\",\n \"Listeners\": [\n"
                + "  { \"Port\": 6379, \"Protocol\": \"tcp\", \"Exposure\": \"LoopbackOnly\", "
                + "\"Process\": \"redis-server\", \"Description\": \"cache\" },\n"
                + "  { \"Port\": \"8000-8100\", \"Exposure\": [\"LoopbackOnly\", \"AllInterfaces\"], "
                + "\"Process\": [\"python*\", \"/usr/bin/node\"] }\n"
                + " ]\n}");
            Assert.Equal("web tier", policy.Description);
            Assert.Equal(2, policy.Listeners.Count);
            var redis = policy.Listeners[0];
            Assert.Equal((6379, 6379, 4), (redis.FirstPort, redis.LastPort, redis.Line));
            Assert.Equal(new[] { TransportProtocol.Tcp }, redis.Protocols!.ToArray());
            Assert.Equal("cache", redis.Description);
            var range = policy.Listeners[1];
            Assert.Equal((8000, 8100), (range.FirstPort, range.LastPort));
            Assert.Null(range.Protocols);
            Assert.Equal(2, range.Exposures!.Count);
            Assert.True(range.Processes[1].MatchesPath);
        }

        [Fact]
        public void Allows_ChecksPortProtocolExposureAndProcess()
        {
            var policy = Load(
                "{ \"Listeners\": [ { \"Port\": 6379, \"Protocol\": \"Tcp\", \"Exposure\": \"LoopbackOnly\", \"Process\": \"redis-server\" } ] }");
            Assert.True(policy.Allows(AuditEndpoints.Listener("127.0.0.1", 6379, "redis-server")));
            Assert.True(policy.Allows(AuditEndpoints.Listener("::1", 6379, "redis-server")));
            Assert.False(policy.Allows(AuditEndpoints.Listener("0.0.0.0", 6379, "redis-server")));
            Assert.False(policy.Allows(AuditEndpoints.Listener("127.0.0.1", 6379, "nc")));
            Assert.False(policy.Allows(AuditEndpoints.Listener("127.0.0.1", 6379, null)));
            Assert.False(policy.Allows(AuditEndpoints.Listener("127.0.0.1", 6379, "redis-server", protocol: TransportProtocol.Udp)));
            Assert.False(policy.Allows(AuditEndpoints.Listener("127.0.0.1", 6380, "redis-server")));
        }

        [Fact]
        public void OmittedKeys_AllowAnything_AndASingleHashtableCountsAsAListOfOne()
        {
            var policy = Load("{ \"Listeners\": { \"Port\": 53 } }");
            Assert.True(policy.Allows(AuditEndpoints.Listener("0.0.0.0", 53, null, protocol: TransportProtocol.Udp)));
            Assert.True(policy.Allows(AuditEndpoints.Listener("192.0.2.1", 53, "dnsmasq")));
        }

        [Fact]
        public void EmptyListeners_AllowsNothing()
        {
            Assert.False(Load("{ \"Listeners\": [] }").Allows(AuditEndpoints.Listener("127.0.0.1", 22, "sshd")));
        }

        [Theory]
        [InlineData("{ \"Listeners\": [ { \"Port\": 22 },\n { \"Prot\": 1, \"Port\": 2 } ] }", "PolicyUnknownKey", 2, "Listeners[1].Prot")]
        [InlineData("{ \"Listeners\": [ { \"Port\": 22, \"Protocl\": \"Tcp\" } ] }", "PolicyUnknownKey", 1, "Listeners[0].Protocl")]
        [InlineData("{ \"Allow\": [] }", "PolicyUnknownKey", 1, "Allow")]
        [InlineData("{ \"Description\": \"x\" }", "PolicyMissingKey", 1, "Listeners")]
        [InlineData("{ \"Listeners\": [\n { \"Exposure\": \"LoopbackOnly\" } ] }", "PolicyMissingKey", 2, "Listeners[0]")]
        [InlineData("{ \"Listeners\": [ { \"Port\": 70000 } ] }", "PolicyInvalidPort", 1, "Listeners[0].Port")]
        [InlineData("{ \"Listeners\": [ { \"Port\": 0 } ] }", "PolicyInvalidPort", 1, "Listeners[0].Port")]
        [InlineData("{ \"Listeners\": [ { \"Port\": 80.5 } ] }", "PolicyInvalidPort", 1, "Listeners[0].Port")]
        [InlineData("{ \"Listeners\": [ { \"Port\": \"http\" } ] }", "PolicyInvalidPort", 1, "Listeners[0].Port")]
        [InlineData("{ \"Listeners\": [ { \"Port\": [80, 443] } ] }", "PolicyInvalidPort", 1, "Listeners[0].Port")]
        [InlineData("{ \"Listeners\": [ { \"Port\": \"9000-8000\" } ] }", "PolicyInvalidPortRange", 1, "Listeners[0].Port")]
        [InlineData("{ \"Listeners\": [ { \"Port\": \"8000-99999\" } ] }", "PolicyInvalidPortRange", 1, "Listeners[0].Port")]
        [InlineData("{ \"Listeners\": [ { \"Port\": \"8000-\" } ] }", "PolicyInvalidPortRange", 1, "Listeners[0].Port")]
        [InlineData("{ \"Listeners\": [ { \"Port\": 1, \"Protocol\": \"Sctp\" } ] }", "PolicyInvalidProtocol", 1, "Listeners[0].Protocol")]
        [InlineData("{ \"Listeners\": [ { \"Port\": 1, \"Protocol\": \"1\" } ] }", "PolicyInvalidProtocol", 1, "Listeners[0].Protocol")]
        [InlineData("{ \"Listeners\": [ { \"Port\": 1,\n \"Exposure\": [\"LoopbackOnly\",\n \"Public\"] } ] }", "PolicyInvalidExposure", 3,
            "Listeners[0].Exposure")]
        [InlineData("{ \"Listeners\": [ { \"Port\": 1, \"Process\": [] } ] }", "PolicyInvalidProcess", 1, "Listeners[0].Process")]
        [InlineData("{ \"Listeners\": [ { \"Port\": 1, \"Process\": \"redis[\" } ] }", "PolicyInvalidProcess", 1, "Listeners[0].Process")]
        [InlineData("{ \"Listeners\": [ { \"Port\": 1, \"Process\": 5 } ] }", "PolicyInvalidProcess", 1, "Listeners[0].Process")]
        [InlineData("{ \"Listeners\": 22 }", "PolicyInvalidValue", 1, "Listeners")]
        [InlineData("{ \"Listeners\": [ 22 ] }", "PolicyInvalidValue", 1, "Listeners[0]")]
        [InlineData("[ { \"Port\": 22 } ]", "PolicyInvalidValue", 1, null)]
        [InlineData("{ \"Listeners\": [ { \"Port\": 1, \"port\": 2 } ] }", "PolicyDuplicateKey", 1, "port")]
        public void Malformed_StopsWithItsOwnProblem_LineAndKey(string json, string problem, int line, string? key)
        {
            var e = Fails(json);
            Assert.Equal(problem, e.Error.Id);
            Assert.Equal(line, e.Line);
            Assert.Equal(key, e.Key);
            Assert.Equal("policy.json", e.File);
            Assert.StartsWith($"Policy file 'policy.json', line {line}", e.Message);
        }

        [Fact]
        public void UnknownKey_SuggestsTheNearestValidKey()
        {
            Assert.Contains("Did you mean 'Protocol'?", Fails("{ \"Listeners\": [ { \"Port\": 22, \"Protocl\": \"Tcp\" } ] }").Message);
            Assert.Contains("Valid keys here: Port, Protocol, Exposure, Process, Container, Description.",
                Fails("{ \"Listeners\": [ { \"Port\": 22, \"Owner\": \"x\" } ] }").Message);
        }

        [Fact]
        public void InvalidExposure_ListsTheValidValues()
        {
            Assert.Contains("LoopbackOnly, AllInterfaces, SpecificInterface",
                Fails("{ \"Listeners\": [ { \"Port\": 1, \"Exposure\": \"Public\" } ] }").Detail);
        }
    }
}
