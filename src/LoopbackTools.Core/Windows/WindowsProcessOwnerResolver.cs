using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using LoopbackTools.Owners;
using LoopbackTools.Sockets;

namespace LoopbackTools.Windows
{
    /// <summary>
    /// Turns the PID that IP Helper puts on every row into a <see cref="ProcessOwner"/>, reading each process once
    /// (through <see cref="WindowsProcessProbe"/> unless a test gives another probe).
    /// <list type="bullet">
    /// <item>Name, path, start time and user come from one handle opened with PROCESS_QUERY_LIMITED_INFORMATION; what
    /// a process still refuses is counted and becomes the reason text, one sentence per kind of gap.</item>
    /// <item>CommandLine stays null: reading it means another process's PEB (ReadProcessMemory, which needs
    /// PROCESS_VM_READ), the very right this lookup avoids.</item>
    /// <item>PID 0 in the UDP table is not a process: the MIB_UDPROW_OWNER_PID and MIB_UDP6ROW_OWNER_PID pages say
    /// 0 means the information for the endpoint is unavailable. Those sockets get no owner and are counted as missing.
    /// In the TCP table PID 0 is where Windows puts TIME_WAIT rows, which no process holds any more; those are named
    /// "System Idle Process", as netstat and Task Manager name them. PID 4 is "System" (kernel-mode sockets such as
    /// http.sys). Neither is opened.</item>
    /// <item>PID reuse: the PID is read from the table first and the process looked up after. A process whose start
    /// time is later than the moment its row's table was read (<see cref="SocketRecord.ReadAtUtc"/>, give or take one
    /// clock tick, <see cref="ClockTolerance"/>) cannot have held that socket: its owner is dropped and counted, never
    /// shown under a process that did not hold the socket.</item>
    /// </list>
    /// </summary>
    internal sealed class WindowsProcessOwnerResolver : ISocketOwnerResolver
    {
        public const int IdleProcessId = 0;
        public const int SystemProcessId = 4;

        /// <summary>
        /// How much later than the table's read time a start may be and still not prove reuse: DateTime.UtcNow on .NET
        /// Framework advances in timer ticks of up to 15.6 ms, while a process's creation time may be finer, so a holder
        /// started just before the read could otherwise look up to one tick "later".
        /// </summary>
        public static readonly TimeSpan ClockTolerance = TimeSpan.FromMilliseconds(16);

        private readonly Func<int, ProcessProbe> _probe;

        public WindowsProcessOwnerResolver()
            : this(new WindowsProcessProbe(new Win32ProcessApi()).Probe)
        {
        }

        internal WindowsProcessOwnerResolver(Func<int, ProcessProbe> probe)
        {
            _probe = probe;
        }

        public OwnerLookup Resolve(ISocketList sockets, CancellationToken cancellationToken)
        {
            var byPid = new Dictionary<int, (ProcessOwner Owner, ProcessProbe? Probe, DateTime? StartUtc)>();
            var attached = new HashSet<int>();
            var owners = new ProcessOwner?[sockets.Count];
            int udpWithoutOwner = 0;
            int reused = 0;
            for (int i = 0; i < sockets.Count; i++)
            {
                var socket = sockets.RecordAt(i);
                int pid = socket.OwnerProcessId;
                if (pid == IdleProcessId && socket.Protocol == TransportProtocol.Udp)
                {
                    udpWithoutOwner++;
                    continue;
                }

                if (!byPid.TryGetValue(pid, out var known))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    known = Read(pid);
                    byPid[pid] = known;
                }

                if (known.StartUtc.HasValue && socket.ReadAtUtc.HasValue && known.StartUtc.Value > socket.ReadAtUtc.Value + ClockTolerance)
                {
                    reused++;
                    continue;
                }

                owners[i] = known.Owner;
                attached.Add(pid);
            }

            int unreadable = 0;
            int userUnreadable = 0;
            int exited = 0;
            foreach (int pid in attached)
            {
                var probe = byPid[pid].Probe;
                if (probe == null)
                {
                    continue;
                }

                if (probe.Exited)
                {
                    exited++;
                    continue;
                }

                unreadable += probe.Unreadable ? 1 : 0;
                userUnreadable += probe.UserUnreadable ? 1 : 0;
            }

            int missing = udpWithoutOwner + reused;
            return new OwnerLookup(
                owners,
                missing,
                missingReason: MissingReason(udpWithoutOwner, reused),
                incompleteReason: IncompleteReason(unreadable, userUnreadable, exited));
        }

        private (ProcessOwner Owner, ProcessProbe? Probe, DateTime? StartUtc) Read(int pid)
        {
            if (pid == IdleProcessId)
            {
                return (new ProcessOwner(pid) { Name = "System Idle Process" }, null, null);
            }

            if (pid == SystemProcessId)
            {
                return (new ProcessOwner(pid) { Name = "System" }, null, null);
            }

            var probe = _probe(pid);
            DateTime? startUtc = probe.StartTime.HasValue ? AsUtc(probe.StartTime.Value) : (DateTime?)null;
            var owner = new ProcessOwner(pid)
            {
                Name = probe.Name,
                Path = probe.Path,
                UserName = probe.UserName,
                StartTime = startUtc?.ToLocalTime(), // shown in local time, as on Linux
            };
            return (owner, probe, startUtc);
        }

        /// <summary>A probe's start time in UTC: local times are converted, unspecified ones are UTC as GetProcessTimes gives them.</summary>
        private static DateTime AsUtc(DateTime time) =>
            time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : DateTime.SpecifyKind(time, DateTimeKind.Utc);

        /// <summary>Why some sockets have no owner at all; null when none is missing.</summary>
        internal static string? MissingReason(int udpWithoutOwner, int reused)
        {
            var parts = new List<string>(2);
            if (udpWithoutOwner > 0)
            {
                parts.Add(string.Format(
                    CultureInfo.InvariantCulture,
                    "Windows' UDP table gives PID 0 for {0} UDP {1}, its way of saying the owner is unavailable",
                    udpWithoutOwner,
                    udpWithoutOwner == 1 ? "socket" : "sockets"));
            }

            if (reused > 0)
            {
                parts.Add(string.Format(
                    CultureInfo.InvariantCulture,
                    "the PID of {0} {1} now belongs to a process that started after the table was read (the holder exited "
                    + "and Windows reused its id), so no owner is shown rather than the wrong one",
                    reused,
                    reused == 1 ? "socket" : "sockets"));
            }

            return parts.Count == 0 ? null : string.Join("; ", parts) + ".";
        }

        /// <summary>Why some owners that were found have empty fields; null when every owner is as complete as Windows allows.</summary>
        internal static string? IncompleteReason(int unreadable, int userUnreadable, int exited)
        {
            var parts = new List<string>(3);
            if (unreadable > 0)
            {
                parts.Add(string.Format(
                    CultureInfo.InvariantCulture,
                    "{0} {1} gave no path or start time, not even to PROCESS_QUERY_LIMITED_INFORMATION "
                    + "(system processes without an image file, or a process that denies even that right)",
                    unreadable,
                    Processes(unreadable)));
            }

            if (userUnreadable > 0)
            {
                parts.Add(string.Format(
                    CultureInfo.InvariantCulture,
                    "{0} {1} did not let {2} access token be queried (TOKEN_QUERY), so {2} user is unknown "
                    + "(other users' and services' processes; an elevated PowerShell can read most of them)",
                    userUnreadable,
                    Processes(userUnreadable),
                    userUnreadable == 1 ? "its" : "their"));
            }

            if (exited > 0)
            {
                parts.Add(string.Format(
                    CultureInfo.InvariantCulture,
                    "{0} {1} exited before {2} could be read, so only the process id is known",
                    exited,
                    Processes(exited),
                    exited == 1 ? "it" : "they"));
            }

            return parts.Count == 0 ? null : string.Join("; ", parts) + ".";
        }

        private static string Processes(int count) => count == 1 ? "process" : "processes";
    }
}
