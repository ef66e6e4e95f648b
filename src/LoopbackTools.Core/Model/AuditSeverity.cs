namespace LoopbackTools
{
    /// <summary>How urgent a finding is. The numeric order is what -MinimumSeverity compares: Info lowest, High highest.</summary>
    public enum AuditSeverity
    {
        /// <summary>Worth knowing; nothing to fix by itself.</summary>
        Info = 0,

        /// <summary>Cannot be vouched for; review when convenient.</summary>
        Low = 1,

        /// <summary>Reachable from the network or against policy; review soon.</summary>
        Medium = 2,

        /// <summary>A service that should stay local is reachable from the network; fix now.</summary>
        High = 3,
    }
}
