using System;
using System.Collections.Generic;
using LoopbackTools.Sockets;

namespace LoopbackTools.Linux.Netlink
{
    /// <summary>
    /// Compiles the port and address selections of a <see cref="SocketTableRequest"/> into an INET_DIAG_REQ_BYTECODE
    /// program (the filter language of linux/inet_diag.h that `ss 'sport = :8080'` uses), so the kernel leaves out
    /// sockets the caller would drop anyway. The program only narrows what crosses into user space: the inventory
    /// filters every row again, so a program that keeps too much costs time, never correctness.
    /// </summary>
    /// <remarks>
    /// <para>A program is an AND of groups, each an OR of tests: (local port in P) AND (remote port in R) AND (a
    /// loopback or wildcard local address, or a loopback remote one). A test that holds jumps to the end of its group,
    /// one that fails to the next test or, the last of its group, past the end of the program (reject).</para>
    /// <para>The kernel's audit (inet_diag_bc_audit) walks the program along the `yes` jumps only and demands that every
    /// `no` jump lands on an op reached that way, on the end, or on the end plus 4. So each test but the last of a group
    /// is followed by a JMP op whose `yes` (4) steps to the next test and whose `no` (taken when run) leaves the group.</para>
    /// <para>Ports form runs: one port is an EQ test, a run of consecutive ports a GE/LE pair. A group of more than
    /// <see cref="MaxTestsPerGroup"/> tests is not sent: the kernel runs the program once per socket, and a long one
    /// would cost more than filtering in user space.</para>
    /// </remarks>
    internal static class SockDiagFilter
    {
        /// <summary>The most tests one group may hold before that selection is left to user space.</summary>
        internal const int MaxTestsPerGroup = 64;

        private static readonly byte[] V4Loopback = { 127, 0, 0, 0 };
        private static readonly byte[] V4Any = { 0, 0, 0, 0 };
        private static readonly byte[] V6Loopback = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };
        private static readonly byte[] V6Any = new byte[16];
        private static readonly byte[] V6MappedLoopback = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 127, 0, 0, 0 };
        private static readonly byte[] V6MappedAny = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0, 0, 0, 0 };

        private enum Side
        {
            Local,
            Remote,
        }

        /// <summary>
        /// The program for one dump of <paramref name="family"/> (AF_INET or AF_INET6), or null when the request selects
        /// nothing the kernel can narrow (every port, every address) or only selections too long to be worth sending.
        /// An empty port set is not compiled: the table sends no dump for it at all.
        /// </summary>
        public static byte[]? Compile(SocketTableRequest request, byte family)
        {
            var groups = new List<List<Test>>(3);
            if (request.LoopbackOrWildcardOnly)
            {
                groups.Add(LoopbackTests(family));
            }

            AddPortGroup(groups, request.LocalPorts, Side.Local);
            AddPortGroup(groups, request.RemotePorts, Side.Remote);
            return groups.Count == 0 ? null : Emit(groups);
        }

        private static void AddPortGroup(List<List<Test>> groups, ISet<int>? ports, Side side)
        {
            if (ports == null || ports.Count == 0)
            {
                return;
            }

            var sorted = new List<int>(ports.Count);
            foreach (int port in ports)
            {
                if (port >= 0 && port <= ushort.MaxValue)
                {
                    sorted.Add(port);
                }
            }

            if (sorted.Count == 0)
            {
                return; // nothing a socket can have: left to user space, which drops every row
            }

            sorted.Sort();
            var tests = new List<Test>();
            for (int i = 0; i < sorted.Count;)
            {
                int first = sorted[i];
                int last = first;
                i++;
                while (i < sorted.Count && sorted[i] <= last + 1)
                {
                    last = sorted[i];
                    i++;
                }

                if (tests.Count == MaxTestsPerGroup)
                {
                    return; // too long to be worth running per socket
                }

                tests.Add(first == last ? Test.PortEquals(side, first) : Test.PortRange(side, first, last));
            }

            // Every port: no narrowing, no program.
            if (tests.Count == 1 && tests[0].Low == 0 && tests[0].High == ushort.MaxValue)
            {
                return;
            }

            groups.Add(tests);
        }

        /// <summary>
        /// A loopback or wildcard local address, or a loopback remote one. IPv6 dumps also carry IPv4-mapped addresses;
        /// they are matched as IPv6 prefixes, which every kernel with inet_diag understands.
        /// </summary>
        private static List<Test> LoopbackTests(byte family)
        {
            if (family == SockDiagWire.AF_INET)
            {
                return new List<Test>
                {
                    Test.Host(Side.Local, family, 8, V4Loopback),
                    Test.Host(Side.Local, family, 32, V4Any),
                    Test.Host(Side.Remote, family, 8, V4Loopback),
                };
            }

            return new List<Test>
            {
                Test.Host(Side.Local, family, 128, V6Loopback),
                Test.Host(Side.Local, family, 128, V6Any),
                Test.Host(Side.Local, family, 104, V6MappedLoopback),
                Test.Host(Side.Local, family, 128, V6MappedAny),
                Test.Host(Side.Remote, family, 128, V6Loopback),
                Test.Host(Side.Remote, family, 104, V6MappedLoopback),
            };
        }

        private static byte[] Emit(List<List<Test>> groups)
        {
            int length = 0;
            foreach (var group in groups)
            {
                length += GroupLength(group);
            }

            var program = new byte[length];
            int at = 0;
            foreach (var group in groups)
            {
                int groupEnd = at + GroupLength(group);
                for (int i = 0; i < group.Count; i++)
                {
                    bool last = i == group.Count - 1;
                    var test = group[i];
                    int next = at + test.Length + (last ? 0 : SockDiagWire.BytecodeOpLength);

                    // Where a failed op goes: the next test of the group, or past the end of the program (reject).
                    int fail = last ? length + SockDiagWire.BytecodeOpLength : next;
                    test.Write(program, at, fail);
                    at += test.Length;
                    if (!last)
                    {
                        // Run: always takes `no`, out of the group. Audit: follows `yes` to the next test.
                        WriteOp(program, at, SockDiagWire.INET_DIAG_BC_JMP, SockDiagWire.BytecodeOpLength, groupEnd - at);
                        at += SockDiagWire.BytecodeOpLength;
                    }
                }
            }

            return program;
        }

        private static int GroupLength(List<Test> group)
        {
            int length = SockDiagWire.BytecodeOpLength * (group.Count - 1);
            foreach (var test in group)
            {
                length += test.Length;
            }

            return length;
        }

        private static void WriteOp(byte[] program, int at, byte code, int yes, int no)
        {
            if (yes > byte.MaxValue || no > ushort.MaxValue)
            {
                throw new InvalidOperationException("A sock_diag filter jump does not fit its op.");
            }

            program[at] = code;
            program[at + 1] = (byte)yes;
            SockDiagWire.WriteUInt16(program, at + 2, (ushort)no);
        }

        /// <summary>One test: a port equal to, a port range (GE then LE), or an address prefix (a host condition).</summary>
        private sealed class Test
        {
            private const int PortOpsLength = 2 * SockDiagWire.BytecodeOpLength;

            private readonly Side _side;
            private readonly byte _family;
            private readonly byte[]? _address;
            private readonly int _prefixLength;

            private Test(Side side, int low, int high, byte family, byte[]? address, int prefixLength)
            {
                _side = side;
                Low = low;
                High = high;
                _family = family;
                _address = address;
                _prefixLength = prefixLength;
            }

            public int Low { get; }

            public int High { get; }

            public int Length => _address != null
                ? SockDiagWire.BytecodeOpLength + SockDiagWire.HostConditionLength + _address.Length
                : Low == High ? PortOpsLength : 2 * PortOpsLength;

            public static Test PortEquals(Side side, int port) => new Test(side, port, port, 0, null, 0);

            public static Test PortRange(Side side, int low, int high) => new Test(side, low, high, 0, null, 0);

            public static Test Host(Side side, byte family, int prefixLength, byte[] address) =>
                new Test(side, -1, -1, family, address, prefixLength);

            /// <summary>Writes the test at <paramref name="at"/>; every failing op jumps to <paramref name="fail"/>.</summary>
            public void Write(byte[] program, int at, int fail)
            {
                if (_address != null)
                {
                    byte code = _side == Side.Local ? SockDiagWire.INET_DIAG_BC_S_COND : SockDiagWire.INET_DIAG_BC_D_COND;
                    WriteOp(program, at, code, Length, fail - at);
                    int cond = at + SockDiagWire.BytecodeOpLength;
                    program[cond] = _family;
                    program[cond + 1] = (byte)_prefixLength;
                    SockDiagWire.WriteUInt32(program, cond + 4, unchecked((uint)-1)); // any port
                    Buffer.BlockCopy(_address, 0, program, cond + SockDiagWire.HostConditionLength, _address.Length);
                    return;
                }

                bool local = _side == Side.Local;
                if (Low == High)
                {
                    WritePortOps(program, at, local ? SockDiagWire.INET_DIAG_BC_S_EQ : SockDiagWire.INET_DIAG_BC_D_EQ, Low, fail);
                    return;
                }

                WritePortOps(program, at, local ? SockDiagWire.INET_DIAG_BC_S_GE : SockDiagWire.INET_DIAG_BC_D_GE, Low, fail);
                WritePortOps(program, at + PortOpsLength, local ? SockDiagWire.INET_DIAG_BC_S_LE : SockDiagWire.INET_DIAG_BC_D_LE, High, fail);
            }

            // A comparison is two ops: the test, and one that carries the port (host order) in its `no` field.
            private static void WritePortOps(byte[] program, int at, byte code, int port, int fail)
            {
                WriteOp(program, at, code, PortOpsLength, fail - at);
                WriteOp(program, at + SockDiagWire.BytecodeOpLength, 0, 0, port);
            }
        }
    }
}
