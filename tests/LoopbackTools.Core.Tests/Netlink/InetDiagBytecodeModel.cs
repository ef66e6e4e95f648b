using System;
using System.Net;

namespace LoopbackTools.Tests.Netlink
{
    /// <summary>
    /// The kernel's checks and interpreter for INET_DIAG_REQ_BYTECODE programs (net/ipv4/inet_diag.c:
    /// inet_diag_bc_audit and inet_diag_bc_run), re-stated for the ops LoopbackTools emits, so crafted-bytes tests can
    /// run a program against many sockets. The live tests check the same programs against the real kernel.
    /// </summary>
    internal static class InetDiagBytecodeModel
    {
        private const int OpLength = 4;

        /// <summary>What inet_diag_bc_audit says: the program is walked along its `yes` jumps; every `no` must be whole ops
        /// within the program, or exactly its end plus 4, and land on an op that walk reaches.</summary>
        public static bool Audit(byte[] program)
        {
            int length = program.Length;
            if (length < OpLength)
            {
                return false;
            }

            int at = 0;
            while (length - at > 0)
            {
                int left = length - at;
                int code = program[at];
                int yes = program[at + 1];
                int no = BitConverter.ToUInt16(program, at + 2);
                int minLength = OpLength;
                switch (code)
                {
                    case 1: // JMP
                    case 0: // NOP
                        break;
                    case 2: case 3: case 4: case 5: case 11: case 12: // port comparisons
                        if (left < 2 * OpLength)
                        {
                            return false;
                        }

                        minLength = 2 * OpLength;
                        break;
                    case 7: case 8: // host conditions
                        minLength += 8;
                        if (left < minLength)
                        {
                            return false;
                        }

                        int family = program[at + 4];
                        int addressLength = family == 0 ? 0 : family == 2 ? 4 : family == 10 ? 16 : -1;
                        if (addressLength < 0)
                        {
                            return false;
                        }

                        minLength += addressLength;
                        if (left < minLength || program[at + 5] > 8 * addressLength)
                        {
                            return false;
                        }

                        break;
                    default:
                        return false;
                }

                if (code != 0)
                {
                    if (no < minLength || no > left + 4 || (no & 3) != 0)
                    {
                        return false;
                    }

                    if (no < left && !Reachable(program, left - no))
                    {
                        return false;
                    }
                }

                if (yes < minLength || yes > left + 4 || (yes & 3) != 0)
                {
                    return false;
                }

                at += yes;
            }

            return at == length;
        }

        /// <summary>What inet_diag_bc_run answers for one socket: true when the program ends exactly at its end.</summary>
        public static bool Run(byte[] program, int family, IPAddress local, int localPort, IPAddress remote, int remotePort)
        {
            int left = program.Length;
            int at = 0;
            while (left > 0)
            {
                int code = program[at];
                int no = BitConverter.ToUInt16(program, at + 2);
                bool yes = true;
                switch (code)
                {
                    case 0:
                        break;
                    case 1:
                        yes = false;
                        break;
                    case 2: yes = localPort >= Port(program, at); break;
                    case 3: yes = localPort <= Port(program, at); break;
                    case 4: yes = remotePort >= Port(program, at); break;
                    case 5: yes = remotePort <= Port(program, at); break;
                    case 11: yes = localPort == Port(program, at); break;
                    case 12: yes = remotePort == Port(program, at); break;
                    case 7:
                    case 8:
                        yes = HostMatches(program, at, family, code == 7 ? local : remote, code == 7 ? localPort : remotePort);
                        break;
                    default:
                        throw new InvalidOperationException("op " + code);
                }

                int step = yes ? program[at + 1] : no;
                left -= step;
                at += step;
            }

            return left == 0;
        }

        private static int Port(byte[] program, int at) => BitConverter.ToUInt16(program, at + OpLength + 2);

        private static bool HostMatches(byte[] program, int at, int family, IPAddress address, int port)
        {
            int condFamily = program[at + 4];
            int prefix = program[at + 5];
            int condPort = BitConverter.ToInt32(program, at + 8);
            if (condPort != -1 && condPort != port)
            {
                return false;
            }

            byte[] bytes = address.GetAddressBytes();
            if (condFamily != 0 && condFamily != family)
            {
                // The kernel also lets an AF_INET condition match a v4-mapped IPv6 address; LoopbackTools never relies on it.
                return false;
            }

            if (prefix == 0)
            {
                return true;
            }

            for (int bit = 0; bit < prefix; bit++)
            {
                int mask = 0x80 >> (bit & 7);
                if ((bytes[bit >> 3] & mask) != (program[at + 12 + (bit >> 3)] & mask))
                {
                    return false;
                }
            }

            return true;
        }

        // valid_cc: is there an op, walking `yes` jumps from the start, with exactly `left` bytes after it?
        private static bool Reachable(byte[] program, int left)
        {
            int length = program.Length;
            int at = 0;
            while (length - at >= 0)
            {
                int remaining = length - at;
                if (left > remaining)
                {
                    return false;
                }

                if (left == remaining)
                {
                    return true;
                }

                int yes = program[at + 1];
                if (yes < 4 || (yes & 3) != 0)
                {
                    return false;
                }

                at += yes;
            }

            return false;
        }
    }
}
