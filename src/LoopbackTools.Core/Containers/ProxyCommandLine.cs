using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;

namespace LoopbackTools.Containers
{
    /// <summary>The processes container engines run on the host to hold a published port, by their process name.</summary>
    internal enum ProxyKind
    {
        None,

        /// <summary>Docker's userland proxy: it listens on the host port and forwards to the container.</summary>
        DockerProxy,

        /// <summary>Podman's (and CRI-O's) per-container monitor; rootful Podman makes it hold published host ports.</summary>
        Conmon,

        /// <summary>Rootless Podman's port forwarder; a child of it joins the container's namespace.</summary>
        RootlessPort,

        /// <summary>Rootless networking for a namespace it names by process id or path; with --port-handler=slirp4netns it holds ports.</summary>
        Slirp4netns,
    }

    /// <summary>What an engine's host-side process says on its command line about the container behind it.</summary>
    internal sealed class ProxyTarget
    {
        public ProxyKind Kind { get; set; }

        public string? ContainerId { get; set; }

        /// <summary>The name the engine gave the monitor (conmon -n): the container's name, said by the engine.</summary>
        public string? ContainerName { get; set; }

        public TransportProtocol? Protocol { get; set; }

        public string? HostAddress { get; set; }

        public int HostPort { get; set; }

        public string? ContainerAddress { get; set; }

        public int ContainerPort { get; set; }

        /// <summary>slirp4netns: the process whose namespace it serves; 0 when it names a path instead.</summary>
        public int TargetProcessId { get; set; }

        /// <summary>slirp4netns --netns-type=path: the namespace file it serves.</summary>
        public string? TargetNamespacePath { get; set; }

        /// <summary>conmon: true when its exit command is podman's (so the container is Podman's, not CRI-O's).</summary>
        public bool ExitsToPodman { get; set; }

        /// <summary>"172.17.0.2:80" when both the container address and port are known; null otherwise.</summary>
        public string? PublishedTo => ContainerAddress != null && ContainerPort > 0 ? EndpointText.Format(ContainerAddress, ContainerPort) : null;
    }

    /// <summary>
    /// Reads the command lines of docker-proxy, conmon, rootlessport and slirp4netns. Arguments come as the kernel keeps
    /// them (/proc/PID/cmdline, NUL-separated), so a value with spaces stays one value. Go's flag package (docker-proxy)
    /// takes -flag value, -flag=value and --flag=value; GLib's (conmon) -c value, --cid value and --cid=value.
    /// </summary>
    internal static class ProxyCommandLine
    {
        public static ProxyKind KindOf(string? processName) => processName switch
        {
            "docker-proxy" => ProxyKind.DockerProxy,
            "conmon" => ProxyKind.Conmon,
            "rootlessport" => ProxyKind.RootlessPort,
            "slirp4netns" => ProxyKind.Slirp4netns,
            _ => ProxyKind.None,
        };

        /// <summary>Splits /proc/PID/cmdline text at its NULs (a trailing NUL ends the last argument).</summary>
        public static IReadOnlyList<string> Arguments(string cmdline)
        {
            var args = new List<string>(cmdline.Split('\0'));
            if (args.Count > 0 && args[args.Count - 1].Length == 0)
            {
                args.RemoveAt(args.Count - 1);
            }

            return args;
        }

        public static ProxyTarget? Parse(ProxyKind kind, IReadOnlyList<string> args)
        {
            args = FromProgram(kind, args);
            return kind switch
            {
                ProxyKind.DockerProxy => DockerProxy(args),
                ProxyKind.Conmon => Conmon(args),
                ProxyKind.Slirp4netns => Slirp4netns(args),
                ProxyKind.RootlessPort => new ProxyTarget { Kind = ProxyKind.RootlessPort },
                _ => null,
            };
        }

        /// <summary>
        /// The arguments from the program itself on: a wrapper script's command line starts with its interpreter
        /// ("/usr/bin/python3 /usr/local/bin/slirp4netns ..."), whose own arguments are not the program's.
        /// </summary>
        private static IReadOnlyList<string> FromProgram(ProxyKind kind, IReadOnlyList<string> args)
        {
            string name = kind switch
            {
                ProxyKind.DockerProxy => "docker-proxy",
                ProxyKind.Conmon => "conmon",
                ProxyKind.Slirp4netns => "slirp4netns",
                _ => "rootlessport",
            };
            if (args.Count > 1 && FileName(args[0]) != name && FileName(args[1]) == name)
            {
                var rest = new List<string>(args);
                rest.RemoveAt(0);
                return rest;
            }

            return args;
        }

        /// <summary>docker-proxy -proto tcp -host-ip 127.0.0.1 -host-port 8080 -container-ip 172.17.0.2 -container-port 80.</summary>
        public static ProxyTarget? DockerProxy(IReadOnlyList<string> args)
        {
            var values = GoFlags(args);
            var target = new ProxyTarget { Kind = ProxyKind.DockerProxy };
            if (values.TryGetValue("proto", out string? proto))
            {
                target.Protocol = proto.StartsWith("udp", StringComparison.OrdinalIgnoreCase) ? TransportProtocol.Udp
                    : proto.StartsWith("tcp", StringComparison.OrdinalIgnoreCase) ? TransportProtocol.Tcp
                    : (TransportProtocol?)null;
            }

            target.HostAddress = Address(values, "host-ip");
            target.HostPort = Port(values, "host-port");
            target.ContainerAddress = Address(values, "container-ip");
            target.ContainerPort = Port(values, "container-port");
            return target.ContainerAddress == null && target.HostPort == 0 ? null : target;
        }

        /// <summary>conmon -c &lt;id&gt; -n &lt;name&gt; ... --exit-command /usr/bin/podman.</summary>
        public static ProxyTarget? Conmon(IReadOnlyList<string> args)
        {
            var target = new ProxyTarget { Kind = ProxyKind.Conmon };
            for (int i = 1; i < args.Count; i++)
            {
                string arg = args[i];
                string? value = null;
                string option = arg;
                int equals = arg.IndexOf('=');
                if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 0)
                {
                    option = arg.Substring(0, equals);
                    value = arg.Substring(equals + 1);
                }

                switch (option)
                {
                    case "-c":
                    case "--cid":
                        value ??= Next(args, ref i);
                        if (value != null && CgroupParser.IsId(value))
                        {
                            target.ContainerId = value;
                        }

                        break;
                    case "-n":
                    case "--name":
                        value ??= Next(args, ref i);
                        if (!string.IsNullOrEmpty(value))
                        {
                            target.ContainerName = value;
                        }

                        break;
                    case "--exit-command":
                        value ??= Next(args, ref i);
                        target.ExitsToPodman |= value != null && FileName(value) == "podman";
                        break;
                }
            }

            return target.ContainerId == null ? null : target;
        }

        /// <summary>slirp4netns [options] PID|PATH [TAPNAME]: the namespace it serves.</summary>
        public static ProxyTarget? Slirp4netns(IReadOnlyList<string> args)
        {
            bool pathType = false;
            string? positional = null;
            for (int i = 1; i < args.Count; i++)
            {
                string arg = args[i];
                if (arg == "--")
                {
                    positional = i + 1 < args.Count ? args[i + 1] : null;
                    break;
                }

                if (arg.StartsWith("-", StringComparison.Ordinal))
                {
                    int equals = arg.IndexOf('=');
                    string option = equals > 0 ? arg.Substring(0, equals) : arg;
                    string? value = equals > 0 ? arg.Substring(equals + 1) : null;
                    if (Array.IndexOf(SlirpOptionsWithValues, option) >= 0 && value == null)
                    {
                        value = Next(args, ref i);
                    }

                    if (option == "--netns-type")
                    {
                        pathType = value == "path";
                    }

                    continue;
                }

                positional = arg;
                break;
            }

            if (positional == null)
            {
                return null;
            }

            if (pathType)
            {
                return new ProxyTarget { Kind = ProxyKind.Slirp4netns, TargetNamespacePath = positional };
            }

            return int.TryParse(positional, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && pid > 0
                ? new ProxyTarget { Kind = ProxyKind.Slirp4netns, TargetProcessId = pid }
                : null;
        }

        private static readonly string[] SlirpOptionsWithValues =
        {
            "-e", "--exit-fd", "-r", "--ready-fd", "-m", "--mtu", "--cidr", "-a", "--api-socket", "--netns-type",
            "--userns-path", "--userns-type", "--outbound-addr", "--outbound-addr6", "--macaddress", "--target-type",
        };

        /// <summary>Go flags: -name value, -name=value, --name value, --name=value; booleans take no value.</summary>
        private static Dictionary<string, string> GoFlags(IReadOnlyList<string> args)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            for (int i = 1; i < args.Count; i++)
            {
                string arg = args[i];
                if (!arg.StartsWith("-", StringComparison.Ordinal) || arg == "-" || arg == "--")
                {
                    continue;
                }

                string name = arg.TrimStart('-');
                int equals = name.IndexOf('=');
                if (equals > 0)
                {
                    values[name.Substring(0, equals)] = name.Substring(equals + 1);
                }
                else if (Array.IndexOf(DockerProxyValueFlags, name) >= 0 && i + 1 < args.Count)
                {
                    values[name] = args[++i];
                }
            }

            return values;
        }

        private static readonly string[] DockerProxyValueFlags = { "proto", "host-ip", "host-port", "container-ip", "container-port" };

        private static string? Next(IReadOnlyList<string> args, ref int i) => i + 1 < args.Count ? args[++i] : null;

        private static string? Address(Dictionary<string, string> values, string name) =>
            values.TryGetValue(name, out string? text) && IPAddress.TryParse(text, out var address) ? address.ToString() : null;

        private static int Port(Dictionary<string, string> values, string name) =>
            values.TryGetValue(name, out string? text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int port)
                && port > 0 && port <= 65535
                ? port
                : 0;

        private static string FileName(string path)
        {
            int cut = path.LastIndexOf('/');
            return cut >= 0 ? path.Substring(cut + 1) : path;
        }
    }
}
