using System;
using System.Collections.Generic;

namespace LoopbackTools.Containers
{
    /// <summary>
    /// Reads /proc/PID/cgroup ("hierarchy:controllers:path" per line; cgroup v1, v2 "0::/path", or both on a hybrid
    /// host) and recognises the layouts container engines and systemd make:
    /// <list type="bullet">
    /// <item>systemd driver: docker-&lt;id&gt;.scope, libpod-&lt;id&gt;.scope (and libpod-conmon-&lt;id&gt;.scope),
    /// crio-&lt;id&gt;.scope (crio-conmon-&lt;id&gt;.scope), cri-containerd-&lt;id&gt;.scope, inside
    /// kubepods[-qos]-pod&lt;uid with _ for -&gt;.slice for Kubernetes pods; containerd's slice:prefix:id form
    /// (kubepods-besteffort-pod&lt;uid&gt;.slice:cri-containerd:&lt;id&gt;);</item>
    /// <item>cgroupfs driver: /docker/&lt;id&gt;, /libpod_parent/libpod-&lt;id&gt;, /kubepods[/qos]/pod&lt;uid&gt;/&lt;id&gt;
    /// (and crio-&lt;id&gt; there);</item>
    /// <item>systemd units: the innermost *.service or *.scope of a process that is in no container.</item>
    /// </list>
    /// The innermost container wins (a pod inside a kind node container is the pod's). Ids are 64 hex digits; anything
    /// else is not taken for one.
    /// </summary>
    internal static class CgroupParser
    {
        private const int IdLength = 64;

        public static CgroupFacts Parse(string? text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return CgroupFacts.None;
            }

            // v2 and name=systemd are where systemd places units; v1 controllers repeat them or, with the cgroupfs
            // driver, are the only place an engine's folder appears.
            string? unified = null;
            string? systemd = null;
            var others = new List<string>();
            foreach (string raw in text!.Split('\n'))
            {
                string line = raw.TrimEnd('\r');
                int first = line.IndexOf(':');
                int second = first < 0 ? -1 : line.IndexOf(':', first + 1);
                if (second < 0)
                {
                    continue;
                }

                string controllers = line.Substring(first + 1, second - first - 1);
                string path = line.Substring(second + 1);
                if (line.StartsWith("0::", StringComparison.Ordinal))
                {
                    unified = path;
                }
                else if (controllers == "name=systemd")
                {
                    systemd = path;
                }
                else if (!others.Contains(path))
                {
                    others.Add(path);
                }
            }

            var paths = new List<string>();
            foreach (string? path in new[] { unified, systemd })
            {
                if (path != null && !paths.Contains(path))
                {
                    paths.Add(path);
                }
            }

            paths.AddRange(others);
            foreach (string path in paths)
            {
                var facts = ParsePath(path);
                if (facts.IsContainer)
                {
                    return facts;
                }
            }

            // No container anywhere: the unit systemd placed the process in (v2, else name=systemd, else any).
            foreach (string path in paths)
            {
                string? unit = Unit(path);
                if (unit != null)
                {
                    return new CgroupFacts { Unit = unit };
                }
            }

            return CgroupFacts.None;
        }

        /// <summary>One cgroup path, innermost folder first.</summary>
        public static CgroupFacts ParsePath(string path)
        {
            string[] parts = path.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries);
            for (int i = parts.Length - 1; i >= 0; i--)
            {
                var facts = Container(parts, i);
                if (facts != null)
                {
                    facts.PodUid ??= PodUid(parts, i);
                    return facts;
                }

                // A pod's own folder (a process of the pod outside any container's, e.g. the pause process with
                // some runtimes) still says which pod.
                string? pod = PodUidOf(parts[i], i > 0 && IsUnderKubepods(parts, i));
                if (pod != null)
                {
                    return new CgroupFacts { Runtime = ContainerRuntime.Kubernetes, PodUid = pod };
                }
            }

            return CgroupFacts.None;
        }

        /// <summary>The container named by folder <paramref name="i"/>, or null.</summary>
        private static CgroupFacts? Container(string[] parts, int i)
        {
            string part = parts[i];

            // containerd's "slice:prefix:id" (systemd cgroup driver names handed to containerd as a cgroupsPath).
            string[] colon = part.Split(':');
            if (colon.Length == 3 && IsId(colon[2]))
            {
                var runtime = RuntimeOfPrefix(colon[1]);
                if (runtime != null)
                {
                    return new CgroupFacts { Runtime = runtime, ContainerId = colon[2], PodUid = PodUidOf(colon[0], true) };
                }
            }

            if (part.EndsWith(".scope", StringComparison.Ordinal))
            {
                string name = part.Substring(0, part.Length - ".scope".Length);
                foreach (var (prefix, runtime, monitor) in ScopePrefixes)
                {
                    if (name.StartsWith(prefix, StringComparison.Ordinal) && IsId(name.Substring(prefix.Length)))
                    {
                        return new CgroupFacts { Runtime = runtime, ContainerId = name.Substring(prefix.Length), IsMonitor = monitor };
                    }
                }

                return null;
            }

            // cgroupfs driver: the engine's folder holds one folder per container.
            if (part.StartsWith("libpod-", StringComparison.Ordinal) && IsId(part.Substring(7)))
            {
                return new CgroupFacts { Runtime = ContainerRuntime.Podman, ContainerId = part.Substring(7) };
            }

            if (part.StartsWith("crio-", StringComparison.Ordinal) && IsId(part.Substring(5)))
            {
                return new CgroupFacts { Runtime = ContainerRuntime.CriO, ContainerId = part.Substring(5) };
            }

            if (IsId(part) && i > 0)
            {
                if (parts[i - 1] == "docker")
                {
                    return new CgroupFacts { Runtime = ContainerRuntime.Docker, ContainerId = part };
                }

                // /kubepods[/qos]/pod<uid>/<id>: the runtime is not in the path.
                if (PodUidOf(parts[i - 1], IsUnderKubepods(parts, i - 1)) != null)
                {
                    return new CgroupFacts { Runtime = ContainerRuntime.Kubernetes, ContainerId = part };
                }
            }

            return null;
        }

        private static readonly (string Prefix, ContainerRuntime Runtime, bool Monitor)[] ScopePrefixes =
        {
            ("docker-", ContainerRuntime.Docker, false),
            ("libpod-conmon-", ContainerRuntime.Podman, true),
            ("libpod-", ContainerRuntime.Podman, false),
            ("crio-conmon-", ContainerRuntime.CriO, true),
            ("crio-", ContainerRuntime.CriO, false),
            ("cri-containerd-", ContainerRuntime.Containerd, false),
        };

        private static ContainerRuntime? RuntimeOfPrefix(string prefix) => prefix switch
        {
            "cri-containerd" => ContainerRuntime.Containerd,
            "crio" => ContainerRuntime.CriO,
            "docker" => ContainerRuntime.Docker,
            "libpod" => ContainerRuntime.Podman,
            _ => (ContainerRuntime?)null,
        };

        /// <summary>The pod uid of the nearest pod folder at or above folder <paramref name="i"/>, or null.</summary>
        private static string? PodUid(string[] parts, int i)
        {
            for (int j = i; j >= 0; j--)
            {
                string? uid = PodUidOf(parts[j], IsUnderKubepods(parts, j));
                if (uid != null)
                {
                    return uid;
                }
            }

            return null;
        }

        private static bool IsUnderKubepods(string[] parts, int i)
        {
            for (int j = i - 1; j >= 0; j--)
            {
                if (parts[j].IndexOf("kubepods", StringComparison.Ordinal) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// "kubepods-burstable-pod0a1b..._...slice" or "kubepods-pod&lt;uid&gt;.slice" (systemd), or "pod&lt;uid&gt;" under a
        /// kubepods folder (cgroupfs): the uid with dashes. Static pods have 32 hex digits without dashes.
        /// </summary>
        private static string? PodUidOf(string part, bool underKubepods)
        {
            string? uid = null;
            // kind and other nested kubelets prefix the slices ("kubelet-kubepods-besteffort-pod<uid>.slice").
            if (part.IndexOf("kubepods", StringComparison.Ordinal) >= 0 && part.EndsWith(".slice", StringComparison.Ordinal))
            {
                int pod = part.LastIndexOf("-pod", StringComparison.Ordinal);
                if (pod > 0)
                {
                    uid = part.Substring(pod + 4, part.Length - pod - 4 - ".slice".Length).Replace('_', '-');
                }
            }
            else if (underKubepods && part.StartsWith("pod", StringComparison.Ordinal))
            {
                uid = part.Substring(3);
            }

            return uid != null && IsPodUid(uid) ? uid : null;
        }

        private static bool IsPodUid(string uid)
        {
            if (uid.Length == 36)
            {
                for (int i = 0; i < uid.Length; i++)
                {
                    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
                    if (dash ? uid[i] != '-' : !IsHex(uid[i]))
                    {
                        return false;
                    }
                }

                return true;
            }

            if (uid.Length != 32)
            {
                return false;
            }

            foreach (char c in uid)
            {
                if (!IsHex(c))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The innermost systemd service or scope in the path ("nginx.service", "session-2.scope"), or null.</summary>
        public static string? Unit(string path)
        {
            string[] parts = path.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries);
            for (int i = parts.Length - 1; i >= 0; i--)
            {
                string part = parts[i];
                if ((part.EndsWith(".service", StringComparison.Ordinal) || part.EndsWith(".scope", StringComparison.Ordinal))
                    && part.IndexOf('.') > 0)
                {
                    return part;
                }
            }

            return null;
        }

        internal static bool IsId(string text)
        {
            if (text.Length != IdLength)
            {
                return false;
            }

            foreach (char c in text)
            {
                if (!IsHex(c))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsHex(char c) => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }
}
