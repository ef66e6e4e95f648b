using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using LoopbackTools.Audit;
using Xunit;

namespace LoopbackTools.Tests.Audit
{
    public class SensitiveServiceCatalogueTests
    {
        [Theory]
        [InlineData(6379, "Redis")]
        [InlineData(11211, "Memcached")]
        [InlineData(5432, "PostgreSQL")]
        [InlineData(3306, "MySQL/MariaDB")]
        [InlineData(27017, "MongoDB")]
        [InlineData(9200, "Elasticsearch HTTP API")]
        [InlineData(9300, "Elasticsearch transport")]
        [InlineData(5672, "RabbitMQ AMQP")]
        [InlineData(15672, "RabbitMQ management console")]
        [InlineData(9092, "Apache Kafka")]
        [InlineData(2181, "Apache ZooKeeper")]
        [InlineData(2379, "etcd client API")]
        [InlineData(2380, "etcd peer API")]
        [InlineData(2375, "Docker Engine API (plain HTTP)")]
        [InlineData(2376, "Docker Engine API (TLS)")]
        [InlineData(10250, "Kubernetes kubelet API")]
        [InlineData(6443, "Kubernetes API server")]
        [InlineData(5984, "Apache CouchDB")]
        [InlineData(9042, "Apache Cassandra CQL")]
        [InlineData(9229, "Node.js inspector")]
        public void BuiltIn_NamesTheServiceOnItsPortWhateverTheOwner(int port, string service)
        {
            var endpoint = AuditEndpoints.Listener("0.0.0.0", port, name: "anything", path: "/opt/anything");
            var found = SensitiveServiceCatalogue.Default.Find(endpoint, out bool byProcess);
            Assert.NotNull(found);
            Assert.Equal(service, found!.Service);
            Assert.False(byProcess);
        }

        [Fact]
        public void BuiltIn_EveryRowHasAReasonAndCoversTheLeadsList()
        {
            var services = SensitiveServiceCatalogue.Default.Services;
            Assert.All(services, s => Assert.True(s.Reason.Length > 40, $"{s.Service} needs a real reason"));
            var ports = new HashSet<int>(services.Select(s => s.Port));
            foreach (int port in new[] { 6379, 11211, 5432, 3306, 27017, 9200, 9300, 5672, 15672, 9092, 2181, 2379, 2380, 2375, 2376, 10250, 6443,
                5984, 9042, 9229, 5005, 5678, 8888, 9090 })
            {
                Assert.Contains(port, ports);
            }
        }

        [Theory]
        [InlineData(5678, "python3", "/usr/bin/python3.11", "Python debugger (debugpy)")]
        [InlineData(5005, "java", "/usr/lib/jvm/bin/java", "Java debugger (JDWP)")]
        [InlineData(8888, "jupyter-lab", null, "Jupyter server")]
        [InlineData(9090, "prometheus", null, "Prometheus")]
        [InlineData(9090, "cockpit-ws", null, "Cockpit web console")]
        public void PortAndProcess_MatchesWhenTheOwnerIsTheService(int port, string name, string? path, string service)
        {
            var found = SensitiveServiceCatalogue.Default.Find(AuditEndpoints.Listener("0.0.0.0", port, name, path), out _);
            Assert.Equal(service, found?.Service);
        }

        [Theory]
        [InlineData(5678, "n8n")]
        [InlineData(8888, "nginx")]
        [InlineData(9090, "node")]
        [InlineData(5005, "dotnet")]
        public void PortAndProcess_IgnoresOtherSoftwareOnTheSamePort(int port, string name)
        {
            Assert.Null(SensitiveServiceCatalogue.Default.Find(AuditEndpoints.Listener("0.0.0.0", port, name, "/usr/bin/" + name), out _));
        }

        [Fact]
        public void PortAndProcess_CountsTheUsualPortWhenTheOwnerIsUnseen()
        {
            var found = SensitiveServiceCatalogue.Default.Find(AuditEndpoints.Listener("0.0.0.0", 5678), out _);
            Assert.Equal("Python debugger (debugpy)", found?.Service);
        }

        [Fact]
        public void PortOrProcess_RecognisesTheServiceOnAnotherPortByItsProcess()
        {
            var found = SensitiveServiceCatalogue.Default.Find(AuditEndpoints.Listener("0.0.0.0", 7000, "redis-server", "/usr/bin/redis-server"),
                out bool byProcess);
            Assert.Equal("Redis", found?.Service);
            Assert.True(byProcess);
        }

        [Fact]
        public void Protocol_IsPartOfTheMatch()
        {
            Assert.Equal("Memcached (UDP)",
                SensitiveServiceCatalogue.Default.Find(AuditEndpoints.Listener("0.0.0.0", 11211, protocol: TransportProtocol.Udp), out _)?.Service);
            Assert.Null(SensitiveServiceCatalogue.Default.Find(AuditEndpoints.Listener("0.0.0.0", 6379, protocol: TransportProtocol.Udp), out _));
        }

        [Fact]
        public void Parse_ReadsQuotedReasonsWithCommasAndSkipsComments()
        {
            const string csv = "# comment\nPort,Protocol,Service,Processes,Match,Reason\n"
                + "1234,Both,Thing,thingd;thing-*,PortOrProcess,\"Says \"\"hi\"\", then, commas\"\n";
            var catalogue = SensitiveServiceCatalogue.Parse(new StringReader(csv));
            Assert.Equal(2, catalogue.Services.Count);
            Assert.Equal("Says \"hi\", then, commas", catalogue.Services[0].Reason);
            Assert.Equal(TransportProtocol.Udp, catalogue.Services[1].Protocol);
            Assert.NotNull(catalogue.Find(AuditEndpoints.Listener("0.0.0.0", 80, "thing-worker"), out _));
        }

        [Theory]
        [InlineData("1234,Tcp,Thing,,Port\n", "fields")]
        [InlineData("99999,Tcp,Thing,,Port,Because.\n", "not a port")]
        [InlineData("1234,Sctp,Thing,,Port,Because.\n", "Protocol")]
        [InlineData("1234,Tcp,Thing,,Sometimes,Because.\n", "Match")]
        [InlineData("1234,Tcp,Thing,,PortAndProcess,Because.\n", "process name")]
        [InlineData("1234,Tcp,Thing,,Port,\n", "Reason")]
        [InlineData("1234,Tcp,Thing,redis[,PortOrProcess,Because.\n", "without its closing ']'")]
        public void Parse_RejectsBadRowsNamingTheLine(string row, string problem)
        {
            var e = Assert.Throws<FormatException>(
                () => SensitiveServiceCatalogue.Parse(new StringReader("Port,Protocol,Service,Processes,Match,Reason\n" + row)));
            Assert.Contains("line 2", e.Message);
            Assert.Contains(problem, e.Message);
        }
    }
}
