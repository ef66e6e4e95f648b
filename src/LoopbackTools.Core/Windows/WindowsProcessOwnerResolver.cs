using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using LoopbackTools.Owners;
using LoopbackTools.Sockets;

namespace LoopbackTools.Windows
{
    /// <summary>
    /// Turns the PID that IP Helper puts on every row into a <see cref="ProcessOwner"/>, reading each process once.
    /// The PID itself always comes from the table, so every socket gets an owner; what can be missing is the rest:
    /// <list type="bullet">
    /// <item>Name: System.Diagnostics.Process reads it from the system process list, no handle needed.</item>
    /// <item>Path and start time need a handle: an elevated or protected process refuses a non-elevated caller
    /// (access denied), and the count of those becomes the reason text.</item>
    /// <item>CommandLine and UserName stay null: System.Diagnostics.Process offers neither, and reading them would
    /// mean another process's PEB (ReadProcessMemory) or OpenProcessToken + LookupAccountSid: more native surface
    /// than this source is meant to carry.</item>
    /// </list>
    /// PID 0 and 4 are named without opening them: 0 is "System Idle Process" (Windows puts TIME_WAIT rows, which no
    /// process holds any more, under it) and 4 is "System" (kernel-mode sockets such as http.sys).
    /// </summary>
    internal sealed class WindowsProcessOwnerResolver : ISocketOwnerResolver
    {
        public const int IdleProcessId = 0;
        public const int SystemProcessId = 4;

        private readonly Func<int, ProcessProbe> _probe;

        public WindowsProcessOwnerResolver()
            : this(ProbeWithProcessClass)
        {
        }

        internal WindowsProcessOwnerResolver(Func<int, ProcessProbe> probe)
        {
            _probe = probe;
        }

        public OwnerLookup Resolve(IReadOnlyList<SocketRecord> sockets, CancellationToken cancellationToken)
        {
            var byPid = new Dictionary<int, ProcessOwner>();
            var owners = new ProcessOwner?[sockets.Count];
            int unreadable = 0;
            int exited = 0;
            for (int i = 0; i < sockets.Count; i++)
            {
                int pid = sockets[i].OwnerProcessId;
                if (!byPid.TryGetValue(pid, out var owner))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    owner = Read(pid, ref unreadable, ref exited);
                    byPid[pid] = owner;
                }

                owners[i] = owner;
            }

            return new OwnerLookup(owners, 0, missingReason: null, incompleteReason: IncompleteReason(unreadable, exited));
        }

        private ProcessOwner Read(int pid, ref int unreadable, ref int exited)
        {
            if (pid == IdleProcessId)
            {
                return new ProcessOwner(pid) { Name = "System Idle Process" };
            }

            if (pid == SystemProcessId)
            {
                return new ProcessOwner(pid) { Name = "System" };
            }

            var probe = _probe(pid);
            if (probe.Exited)
            {
                exited++;
            }
            else if (probe.Unreadable)
            {
                unreadable++;
            }

            return new ProcessOwner(pid)
            {
                Name = probe.Name,
                Path = probe.Path,
                StartTime = probe.StartTime,
            };
        }

        internal static string? IncompleteReason(int unreadable, int exited)
        {
            var parts = new List<string>(2);
            if (unreadable > 0)
            {
                parts.Add(string.Format(
                    CultureInfo.InvariantCulture,
                    "{0} {1} could not be opened to read the path and start time (access denied: elevated or protected processes); run PowerShell as Administrator to see more of them",
                    unreadable,
                    unreadable == 1 ? "process" : "processes"));
            }

            if (exited > 0)
            {
                parts.Add(string.Format(
                    CultureInfo.InvariantCulture,
                    "{0} {1} exited before {2} could be read, so only the process id is known",
                    exited,
                    exited == 1 ? "process" : "processes",
                    exited == 1 ? "it" : "they"));
            }

            return parts.Count == 0 ? null : string.Join("; ", parts) + ".";
        }

        /// <summary>Reads what System.Diagnostics.Process will give for <paramref name="pid"/>; never throws for a process that is gone or locked.</summary>
        internal static ProcessProbe ProbeWithProcessClass(int pid)
        {
            Process process;
            try
            {
                process = Process.GetProcessById(pid);
            }
            catch (Exception e) when (e is ArgumentException || e is InvalidOperationException)
            {
                return ProcessProbe.Gone();
            }

            using (process)
            {
                var probe = new ProcessProbe();
                try
                {
                    probe.Name = process.ProcessName;
                }
                catch (InvalidOperationException)
                {
                    return ProcessProbe.Gone();
                }
                catch (Exception e) when (e is Win32Exception || e is NotSupportedException)
                {
                    probe.Unreadable = true;
                }

                try
                {
                    probe.Path = process.MainModule?.FileName;
                }
                catch (InvalidOperationException)
                {
                    return ProcessProbe.Gone(probe.Name);
                }
                catch (Exception e) when (e is Win32Exception || e is NotSupportedException || e is UnauthorizedAccessException)
                {
                    probe.Unreadable = true;
                }

                try
                {
                    probe.StartTime = process.StartTime;
                }
                catch (InvalidOperationException)
                {
                    return ProcessProbe.Gone(probe.Name);
                }
                catch (Exception e) when (e is Win32Exception || e is NotSupportedException || e is UnauthorizedAccessException)
                {
                    probe.Unreadable = true;
                }

                return probe;
            }
        }
    }

    /// <summary>What one look at a process gave; the seam that lets tests fake locked and vanished processes.</summary>
    internal sealed class ProcessProbe
    {
        public string? Name { get; set; }

        public string? Path { get; set; }

        public DateTime? StartTime { get; set; }

        /// <summary>The process exists but refused some of the fields (typically access denied).</summary>
        public bool Unreadable { get; set; }

        /// <summary>The process had exited by the time we looked.</summary>
        public bool Exited { get; set; }

        public static ProcessProbe Gone(string? name = null) => new ProcessProbe { Exited = true, Name = name };
    }
}
