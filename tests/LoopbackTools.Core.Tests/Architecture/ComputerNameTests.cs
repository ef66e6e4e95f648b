using System;
using System.Linq;
using System.Reflection;
using Xunit;

namespace LoopbackTools.Tests.Architecture
{
    /// <summary>
    /// Every object the cmdlets emit says which computer it describes, so rows of many hosts (remoting, the -Session
    /// runs) stay apart in views, CSV files and Group-Object. A new emitted type must carry it too.
    /// </summary>
    public sealed class ComputerNameTests
    {
        // Property values and helpers, never written to the pipeline by themselves.
        private static readonly Type[] NotEmitted =
            { typeof(EndpointList), typeof(EndpointText), typeof(TerminalText), typeof(ProcessIdList) };

        private static Type[] EmittedClasses() => typeof(Endpoint).Assembly.GetExportedTypes()
            .Where(t => t.IsClass && !(t.IsAbstract && t.IsSealed) && !NotEmitted.Contains(t))
            .OrderBy(t => t.Name)
            .ToArray();

        [Fact]
        public void Every_emitted_class_has_a_string_ComputerName_first()
        {
            var classes = EmittedClasses();
            Assert.Contains(typeof(Endpoint), classes);
            Assert.Contains(typeof(PortTestResult), classes);
            foreach (var type in classes)
            {
                var property = type.GetProperty("ComputerName", BindingFlags.Public | BindingFlags.Instance);
                Assert.True(property != null, type.Name + " has no ComputerName");
                Assert.Equal(typeof(string), property!.PropertyType);
                // First, so Export-Csv of many hosts starts with the host (Format-List views show it first too).
                Assert.Equal("ComputerName", type.GetProperties(BindingFlags.Public | BindingFlags.Instance)[0].Name);
            }
        }

        [Fact]
        public void A_new_object_names_this_machine_until_a_remote_run_says_otherwise()
        {
            object[] made =
            {
                new AuditFinding(), new Endpoint(), new EndpointChange(), new EphemeralPortSummary(), new EphemeralPortUsage(),
                new FreePort(8080, ProtocolSelection.Tcp, IPFamilySelection.Both), new PortConflict(), new LoopbackTools.PortInfo(),
                new PortRange(TransportProtocol.Tcp, 1, 2, PortRangeKind.Reserved, "test"), new PortTestResult(),
                new LoopbackListener(1, "127.0.0.1", 8080, TransportProtocol.Tcp, null, DateTime.Now),
            };
            Assert.Equal(EmittedClasses(), made.Select(o => o.GetType()).OrderBy(t => t.Name).ToArray());
            foreach (object o in made)
            {
                Assert.Equal(Environment.MachineName, (string)o.GetType().GetProperty("ComputerName")!.GetValue(o)!);
            }

            var remote = new Endpoint { ComputerName = "web01" };
            Assert.Equal("web01", AuditFinding.About(remote, "ExposedListener", AuditSeverity.Medium, "m", "r").ComputerName);
        }
    }
}
