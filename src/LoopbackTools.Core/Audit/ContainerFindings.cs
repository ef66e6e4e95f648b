using System.Collections.Generic;
using System.Globalization;
using LoopbackTools.Containers;
using LoopbackTools.Namespaces;

namespace LoopbackTools.Audit
{
    /// <summary>
    /// Says where a finding's listener lives when that is not plainly this host: inside a container (which one, and
    /// whether the host publishes its port: its exposure was judged inside its own namespace), in another namespace,
    /// or on the host for a container (a published port held by the engine's proxy). Names are engines' text: escaped.
    /// </summary>
    internal static class ContainerFindings
    {
        public static void Annotate(IReadOnlyList<AuditFinding> findings, AuditContext context)
        {
            PublishedPortIndex? index = null;
            foreach (var finding in findings)
            {
                var endpoint = finding.Endpoint;
                if (endpoint == null)
                {
                    continue;
                }

                string? where = null;
                if (endpoint.PublishedTo != null)
                {
                    where = $"It is {Container(endpoint)}'s published port, forwarded to {TerminalText.Escape(endpoint.PublishedTo)}.";
                }
                else if (ProxyCommandLine.KindOf(endpoint.ProcessName) != ProxyKind.None && (endpoint.ContainerRuntime != null))
                {
                    where = $"It is {Container(endpoint)}'s published port.";
                }
                else if (endpoint.ContainerId != null && InHostNamespace(endpoint))
                {
                    where = $"It belongs to {Container(endpoint)}, which uses the host's network.";
                }
                else if ((endpoint.ContainerId != null || endpoint.PodUid != null) && InOtherNamespace(endpoint))
                {
                    index ??= PublishedPortIndex.Build(context.Endpoints, context.Containers);
                    finding.PublishedOnHost = index.HostsFor(endpoint);
                    string published = finding.PublishedOnHost == null
                        ? "whether the host publishes this port is not known"
                        : finding.PublishedOnHost.Length == 0
                            ? "the host does not publish this port"
                            : "the host publishes this port as " + finding.PublishedOnHost;
                    where = $"It is inside {Container(endpoint)}, network namespace {Namespace(endpoint, context)} "
                        + $"(exposure is judged there); {published}.";
                }
                else if (InOtherNamespace(endpoint))
                {
                    where = $"It is in network namespace {Namespace(endpoint, context)}, not this host's.";
                }

                if (where != null)
                {
                    finding.Message = finding.Message.Length == 0 ? where : finding.Message + " " + where;
                }
            }
        }

        private static bool InHostNamespace(Endpoint endpoint) =>
            endpoint.NetworkNamespace.HasValue && endpoint.NetworkNamespace == NamespaceScope.HostNamespace;

        private static bool InOtherNamespace(Endpoint endpoint) =>
            endpoint.NetworkNamespace.HasValue && endpoint.NetworkNamespace != NamespaceScope.HostNamespace;

        /// <summary>"container web (Docker)", "container 3f2a1b0c9d8e (Podman)", "pod 0a1b... (Kubernetes)".</summary>
        internal static string Container(Endpoint endpoint)
        {
            string runtime = endpoint.ContainerRuntime.HasValue ? " (" + endpoint.ContainerRuntime.Value + ")" : string.Empty;
            if (endpoint.ContainerName != null)
            {
                return "container " + TerminalText.Escape(endpoint.ContainerName) + runtime;
            }

            if (endpoint.ContainerId != null)
            {
                return "container " + endpoint.ContainerId.Substring(0, 12) + runtime;
            }

            return endpoint.PodUid != null ? "pod " + endpoint.PodUid + runtime : "a container" + runtime;
        }

        private static string Namespace(Endpoint endpoint, AuditContext context)
        {
            ulong inode = endpoint.NetworkNamespace ?? 0;
            foreach (var info in context.Namespaces)
            {
                if (info.Inode == inode)
                {
                    return info.Label;
                }
            }

            return NetworkNamespaceInfo.LinkText(inode);
        }
    }
}
