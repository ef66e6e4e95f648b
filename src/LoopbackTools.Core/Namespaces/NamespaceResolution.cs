using System.Collections.Generic;

namespace LoopbackTools.Namespaces
{
    /// <summary>What a -NetworkNamespace selection named on this host at one moment.</summary>
    internal sealed class NamespaceResolution
    {
        public NamespaceResolution(IReadOnlyList<NetworkNamespaceInfo> namespaces, IReadOnlyList<NamespaceSpec> notFound, int unidentifiedProcesses)
        {
            Namespaces = namespaces;
            NotFound = notFound;
            UnidentifiedProcesses = unidentifiedProcesses;
        }

        /// <summary>The namespaces found, each once: the caller's first, then by id.</summary>
        public IReadOnlyList<NetworkNamespaceInfo> Namespaces { get; }

        /// <summary>Values that matched no namespace (a name, process or id that does not exist, or no longer does).</summary>
        public IReadOnlyList<NamespaceSpec> NotFound { get; }

        /// <summary>Processes (with All) whose namespace id this user may not read and that no known namespace explains.</summary>
        public int UnidentifiedProcesses { get; }
    }
}
