using System;
using System.Globalization;
using LoopbackTools.Namespaces;

namespace LoopbackTools
{
    /// <summary>
    /// What the endpoint table's group header adds for a row that lives outside the caller's own network namespace:
    /// "   NetworkNamespace: net:[4026532177]   Container: web (Docker)", as a watch's header adds its Time. Without it,
    /// -NetworkNamespace All shows the same port in three namespaces as three identical lines at 80 columns; a header
    /// costs no column. Empty for the caller's namespace, so the usual header stays "ComputerName: NAME".
    /// </summary>
    public static class PlaceText
    {
        /// <param name="networkNamespace">The row's NetworkNamespace (a number, or its text once deserialized).</param>
        /// <param name="containerName">ContainerName: engines' text, escaped here.</param>
        /// <param name="containerId">ContainerId, shown short when there is no name.</param>
        /// <param name="runtime">ContainerRuntime (an enum, or its name once deserialized).</param>
        /// <param name="podUid">PodUid, for a pod whose container is not known.</param>
        /// <param name="remote">
        /// True for rows another computer sent (PSComputerName): which namespace is that computer's own is not known here,
        /// so only a container is named.
        /// </param>
        public static string Suffix(
            object? networkNamespace, string? containerName, string? containerId, object? runtime, string? podUid, bool remote)
        {
            string? container = Container(containerName, containerId, runtime, podUid);
            ulong? inode = Inode(networkNamespace);
            bool elsewhere = inode.HasValue && inode != NamespaceScope.HostNamespace;
            if (remote)
            {
                return container == null ? string.Empty : "   Container: " + container;
            }

            if (!elsewhere)
            {
                return string.Empty;
            }

            string text = "   NetworkNamespace: " + NetworkNamespaceInfo.LinkText(inode!.Value);
            return container == null ? text : text + "   Container: " + container;
        }

        private static string? Container(string? name, string? id, object? runtime, string? podUid)
        {
            string? what = !string.IsNullOrEmpty(name)
                ? TerminalText.Escape(name)
                : !string.IsNullOrEmpty(id)
                    ? TerminalText.Escape(id!.Length > 12 ? id.Substring(0, 12) : id)
                    : !string.IsNullOrEmpty(podUid) ? "pod " + TerminalText.Escape(podUid) : null;
            if (what == null)
            {
                return null;
            }

            string? kind = runtime == null ? null : Convert.ToString(runtime, CultureInfo.InvariantCulture);
            return string.IsNullOrEmpty(kind) ? what : what + " (" + TerminalText.Escape(kind) + ")";
        }

        private static ulong? Inode(object? value)
        {
            switch (value)
            {
                case null:
                    return null;
                case ulong u:
                    return u;
                case long l when l > 0:
                    return (ulong)l;
                default:
                    string? text = Convert.ToString(value, CultureInfo.InvariantCulture);
                    return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong parsed) ? parsed : (ulong?)null;
            }
        }
    }
}
