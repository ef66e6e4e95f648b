using System.Linq;
using Xunit;

namespace LoopbackTools.Tests.Architecture
{
    /// <summary>
    /// LoopbackTools.Core exports the model the cmdlets emit and accept, and the two text helpers the format files call;
    /// the engine is internal so it can change without breaking anyone's script. A new public type must be a deliberate
    /// decision: add it here with the reason (a parameter type, an emitted object, a format file's call).
    /// </summary>
    public sealed class PublicSurfaceTests
    {
        private static readonly string[] Model =
        {
            // Objects the cmdlets write, and the enums and list type of their properties
            "AuditFinding", "AuditSeverity", "Endpoint", "EndpointChange", "EndpointChangeType", "EndpointList", "ProcessIdList",
            "EphemeralPortSummary", "EphemeralPortUsage", "FreePort", "LoopbackListener", "PortConflict", "ConflictKind",
            "ConflictSeverity", "PortInfo", "AddressKind", "PortRange", "PortRangeKind", "PortTestResult", "PortTestStatus",
            "Exposure", "PortCategory", "SocketState", "TransportProtocol", "IPFamily",
            // Parameter types only
            "IPFamilySelection", "ProtocolSelection",
            // Called by the format files' script blocks
            "EndpointText", "TerminalText",
        };

        [Fact]
        public void Core_exports_the_model_and_nothing_else()
        {
            var exported = typeof(Endpoint).Assembly.GetExportedTypes().Select(t => t.FullName).OrderBy(n => n).ToArray();
            var expected = Model.Select(n => "LoopbackTools." + n).OrderBy(n => n).ToArray();
            Assert.Equal(expected, exported);
        }
    }
}
