using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading;
using LoopbackTools.Linux;
using LoopbackTools.Native;

namespace LoopbackTools.Probing
{
    /// <summary>
    /// TCP connect probes the way nmap -sT makes them, on Linux: non-blocking connects in a sliding window per worker
    /// thread, completions collected with one poll(2) per round. On loopback connect(2) itself carries the SYN and
    /// the reset through the stack, so a closed port is usually known the moment connect returns.
    /// </summary>
    internal sealed class LinuxTcpConnectProber
    {
        // A worker re-checks for cancellation at least this often, so Ctrl+C is seen within a poll round.
        private const int MaxPollMs = 50;
        private const int MaxWorkers = 4;
        private const int TargetsPerExtraWorker = 1024;

        private readonly IReadOnlyList<ProbeTarget> _targets;
        private readonly ProbeOptions _options;
        private readonly Action<int, PortTestResult> _report;
        private readonly long _timeoutTicks;
        private int _next = -1;

        public LinuxTcpConnectProber(IReadOnlyList<ProbeTarget> targets, ProbeOptions options, Action<int, PortTestResult> report)
        {
            _targets = targets;
            _options = options;
            _report = report;
            _timeoutTicks = (long)(options.TimeoutMs * (double)Stopwatch.Frequency / 1000.0);
        }

        /// <summary>Blocks until every target is reported, or until cancellation closed every socket.</summary>
        public void Run(CancellationToken cancellationToken)
        {
            if (_targets.Count == 0)
            {
                return;
            }

            int workers = Math.Max(1, Math.Min(Math.Min(Environment.ProcessorCount, MaxWorkers), 1 + (_targets.Count / TargetsPerExtraWorker)));
            int window = Math.Max(1, _options.ThrottleLimit / workers);
            var threads = new Thread[workers];
            Exception? failure = null;
            for (int i = 0; i < workers; i++)
            {
                threads[i] = new Thread(() =>
                {
                    try
                    {
                        Work(window, cancellationToken);
                    }
                    catch (Exception e)
                    {
                        failure = e;
                    }
                }) { IsBackground = true, Name = "LoopbackTools connect sweep" };
                threads[i].Start();
            }

            foreach (var thread in threads)
            {
                thread.Join();
            }

            if (failure != null)
            {
                throw new InvalidOperationException("The connect sweep failed: " + failure.Message, failure);
            }
        }

        private void Work(int window, CancellationToken cancellationToken)
        {
            var fds = new LibC.pollfd[window];
            var indexes = new int[window];
            var started = new long[window];
            var address = new byte[28];
            int count = 0;
            bool exhausted = false;
            try
            {
                while (true)
                {
                    if (cancellationToken.IsCancellationRequested)
                    {
                        return;
                    }

                    while (!exhausted && count < window)
                    {
                        int index = Interlocked.Increment(ref _next);
                        if (index >= _targets.Count)
                        {
                            exhausted = true;
                            break;
                        }

                        int fd = Begin(index, address, out long start);
                        if (fd >= 0)
                        {
                            fds[count] = new LibC.pollfd { fd = fd, events = LibC.POLLOUT };
                            indexes[count] = index;
                            started[count] = start;
                            count++;
                        }
                    }

                    if (count == 0)
                    {
                        return;
                    }

                    long now = Stopwatch.GetTimestamp();
                    long earliest = long.MaxValue;
                    for (int i = 0; i < count; i++)
                    {
                        earliest = Math.Min(earliest, started[i] + _timeoutTicks);
                    }

                    int waitMs = (int)Math.Max(0, Math.Min(MaxPollMs, (earliest - now) * 1000 / Stopwatch.Frequency + 1));
                    if (LibC.poll(fds, (ulong)count, waitMs) < 0 && Marshal.GetLastWin32Error() != Errno.EINTR)
                    {
                        throw new InvalidOperationException($"poll failed with errno {Marshal.GetLastWin32Error()}");
                    }

                    now = Stopwatch.GetTimestamp();
                    int kept = 0;
                    for (int i = 0; i < count; i++)
                    {
                        bool overdue = now - started[i] >= _timeoutTicks;
                        if (fds[i].revents != 0 || overdue)
                        {
                            var target = _targets[indexes[i]];
                            double latencyMs = (now - started[i]) * 1000.0 / Stopwatch.Frequency;
                            _report(indexes[i], fds[i].revents != 0
                                ? Conclude(fds[i].fd, target, PendingError(fds[i].fd), latencyMs)
                                : target.ToResult(PortTestStatus.TimedOut, latencyMs, null));
                            _ = LibC.close(fds[i].fd);
                            continue;
                        }

                        fds[kept] = fds[i];
                        fds[kept].revents = 0;
                        indexes[kept] = indexes[i];
                        started[kept] = started[i];
                        kept++;
                    }

                    count = kept;
                }
            }
            finally
            {
                // Cancellation or a failure: nothing in flight outlives the sweep.
                for (int i = 0; i < count; i++)
                {
                    _ = LibC.close(fds[i].fd);
                }
            }
        }

        /// <summary>Starts one connect; returns its fd when the outcome is still pending, or -1 once reported.</summary>
        private int Begin(int index, byte[] address, out long start)
        {
            var target = _targets[index];
            bool v6 = target.Address.AddressFamily == AddressFamily.InterNetworkV6;
            start = Stopwatch.GetTimestamp();
            int fd = LibC.socket(v6 ? LibC.AF_INET6 : LibC.AF_INET, LibC.SOCK_STREAM | LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC, 0);
            if (fd < 0)
            {
                Report(index, target, Marshal.GetLastWin32Error(), start);
                return -1;
            }

            int length = FillAddress(address, target.Address, target.Port);
            int errno = LibC.connect(fd, address, length) == 0 ? 0 : Marshal.GetLastWin32Error();
            if (errno == Errno.EINPROGRESS)
            {
                // On loopback the answer has usually been processed before connect returned: a reset is already
                // waiting in SO_ERROR. Anything else (an open port's handshake included) is settled by poll.
                int pending = PendingError(fd);
                if (pending == 0)
                {
                    return fd;
                }

                errno = pending;
            }

            double latencyMs = (Stopwatch.GetTimestamp() - start) * 1000.0 / Stopwatch.Frequency;
            _report(index, Conclude(fd, target, errno, latencyMs));
            _ = LibC.close(fd);
            return -1;
        }

        private void Report(int index, ProbeTarget target, int errno, long start)
        {
            double latencyMs = (Stopwatch.GetTimestamp() - start) * 1000.0 / Stopwatch.Frequency;
            var (status, detail) = LinuxErrno.Describe(errno);
            _report(index, target.ToResult(status, latencyMs, detail));
        }

        private static PortTestResult Conclude(int fd, ProbeTarget target, int errno, double latencyMs)
        {
            if (errno != 0)
            {
                var (status, detail) = LinuxErrno.Describe(errno);
                return target.ToResult(status, latencyMs, detail);
            }

            // Connected. With nothing bound to a port in the ephemeral range the kernel may pick that very port as
            // the source, and the SYN "answers" itself (simultaneous open): that is the absence of a listener.
            var result = IsSelfConnect(fd, target)
                ? target.ToResult(PortTestStatus.Refused, latencyMs, "The probe connected to itself (the OS chose this port as its source port): "
                    + "nothing listens.")
                : target.ToResult(PortTestStatus.Open, latencyMs, null);
            ResetOnClose(fd);
            return result;
        }

        private static int PendingError(int fd)
        {
            int error = 0;
            int length = sizeof(int);
            return LibC.getsockopt(fd, LibC.SOL_SOCKET, LibC.SO_ERROR, ref error, ref length) == 0 ? error : Marshal.GetLastWin32Error();
        }

        private static bool IsSelfConnect(int fd, ProbeTarget target)
        {
            var local = new byte[28];
            int length = local.Length;
            if (LibC.getsockname(fd, local, ref length) != 0)
            {
                return false;
            }

            int port = (local[2] << 8) | local[3];
            return port == target.Port && AddressOf(local, target.Address.AddressFamily).Equals(target.Address);
        }

        /// <summary>A reset instead of a FIN: no TIME_WAIT left behind, so sweeps do not eat the ephemeral range.</summary>
        private static void ResetOnClose(int fd)
        {
            var linger = new[] { 1, 0 };
            _ = LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_LINGER, linger, sizeof(int) * 2);
        }

        /// <summary>Writes sockaddr_in or sockaddr_in6 (family in host order, port in network order); returns its length.</summary>
        private static int FillAddress(byte[] buffer, IPAddress address, int port)
        {
            Array.Clear(buffer, 0, buffer.Length);
            byte[] bytes = address.GetAddressBytes();
            bool v6 = address.AddressFamily == AddressFamily.InterNetworkV6;
            ushort family = (ushort)(v6 ? LibC.AF_INET6 : LibC.AF_INET);
            buffer[0] = (byte)family;
            buffer[1] = (byte)(family >> 8);
            buffer[2] = (byte)(port >> 8);
            buffer[3] = (byte)port;
            if (!v6)
            {
                Buffer.BlockCopy(bytes, 0, buffer, 4, 4);
                return 16;
            }

            Buffer.BlockCopy(bytes, 0, buffer, 8, 16);
            uint scope = (uint)address.ScopeId;
            buffer[24] = (byte)scope;
            buffer[25] = (byte)(scope >> 8);
            buffer[26] = (byte)(scope >> 16);
            buffer[27] = (byte)(scope >> 24);
            return 28;
        }

        private static IPAddress AddressOf(byte[] sockaddr, AddressFamily family)
        {
            if (family == AddressFamily.InterNetwork)
            {
                var v4 = new byte[4];
                Buffer.BlockCopy(sockaddr, 4, v4, 0, 4);
                return new IPAddress(v4);
            }

            var v6 = new byte[16];
            Buffer.BlockCopy(sockaddr, 8, v6, 0, 16);
            long scope = (uint)(sockaddr[24] | (sockaddr[25] << 8) | (sockaddr[26] << 16) | (sockaddr[27] << 24));
            return new IPAddress(v6, scope);
        }
    }
}
