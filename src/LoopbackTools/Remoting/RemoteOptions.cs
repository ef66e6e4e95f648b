using System.Collections.Generic;

namespace LoopbackTools.Commands
{
    /// <summary>
    /// What a cmdlet's parameters mean for a -Session call beyond "send them as bound": which hold rows that belong to
    /// one host each, which name local files to read here and send as content, and which pipeline value routes a
    /// record to one host. Most cmdlets need none of this (<see cref="None"/>).
    /// </summary>
    internal sealed class RemoteOptions
    {
        public static readonly RemoteOptions None = new RemoteOptions();

        /// <summary>Compare-LoopbackBaseline: baseline and current rows go to the host they name; files are read here.</summary>
        public static readonly RemoteOptions BaselineComparison = new RemoteOptions
        {
            RowParameters = { "Baseline", "Current", "InputObject" },
            BaselineFileParameters = { ["Path"] = false, ["LiteralPath"] = true },
            BaselineParameter = "Baseline",
        };

        /// <summary>Invoke-LoopbackAudit: the policy is read here and sent to every host; baseline rows go to their host.</summary>
        public static readonly RemoteOptions Audit = new RemoteOptions
        {
            RowParameters = { "Baseline" },
            BaselineFileParameters = { ["BaselinePath"] = false, ["BaselineLiteralPath"] = true },
            BaselineParameter = "Baseline",
            PolicyParameter = "Policy",
            LiteralPolicyParameter = "LiteralPolicy",
        };

        /// <summary>Test-LocalPort: -ThrottleLimit is also the host's probe limit; a piped ComputerName naming a host routes to it.</summary>
        public static readonly RemoteOptions Probe = new RemoteOptions
        {
            SendThrottleLimit = true,
            RouteParameter = "ComputerName",
        };

        /// <summary>Parameters whose values are rows (objects with a ComputerName) paired with hosts by that name.</summary>
        public HashSet<string> RowParameters { get; } = new HashSet<string>();

        /// <summary>Parameters naming baseline files (value: taken literally), read here and sent as rows.</summary>
        public Dictionary<string, bool> BaselineFileParameters { get; } = new Dictionary<string, bool>();

        /// <summary>The parameter that receives baseline rows read from files, and that a host with no rows is skipped for.</summary>
        public string? BaselineParameter { get; private set; }

        /// <summary>The parameter naming a policy file, read and checked here, sent to every host as content.</summary>
        public string? PolicyParameter { get; private set; }

        /// <summary>The parameter naming a policy file literally (no wildcards), read and sent as <see cref="PolicyParameter"/> is.</summary>
        public string? LiteralPolicyParameter { get; private set; }

        /// <summary>Whether -ThrottleLimit belongs to the cmdlet itself (and is sent on) rather than only to the call.</summary>
        public bool SendThrottleLimit { get; private set; }

        /// <summary>A pipeline-bound parameter that, when it names one of the sessions' hosts, sends the record to that host only.</summary>
        public string? RouteParameter { get; private set; }
    }
}
