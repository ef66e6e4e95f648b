using System;
using System.Globalization;

namespace LoopbackTools.Namespaces
{
    /// <summary>
    /// Where an endpoint lives, as a short key for pairing and grouping: "container:web" for a container (by name, which
    /// survives re-creation), "netns:4026532177" for another namespace, empty for this host's own namespace.
    /// </summary>
    internal static class NamespaceScope
    {
        private static readonly Lazy<ulong?> Host = new Lazy<ulong?>(() => Platform.IsLinux ? new NamespaceDirectory().CurrentInode() : null);

        /// <summary>The network namespace this process runs in; null where the OS has none.</summary>
        public static ulong? HostNamespace => Host.Value;

        /// <summary>True for a row of the caller's own namespace, or one whose namespace is not known (a single read).</summary>
        public static bool IsCallers(ulong? networkNamespace) => !networkNamespace.HasValue || networkNamespace == HostNamespace;

        public static string Of(string? containerName, ulong? networkNamespace)
        {
            if (!string.IsNullOrEmpty(containerName))
            {
                return "container:" + containerName;
            }

            return networkNamespace.HasValue && networkNamespace != HostNamespace
                ? "netns:" + networkNamespace.Value.ToString(CultureInfo.InvariantCulture)
                : string.Empty;
        }
    }
}
