using System.Collections.Generic;
using System.Net;

namespace LoopbackTools.Tests.Windows
{
    /// <summary>
    /// Writes IP Helper owner-PID tables byte by byte the way the Windows structs lie in memory (little-endian
    /// DWORDs, addresses in network order, ports in network order in the low 16 bits of a DWORD), independently
    /// of the parser under test. Offsets are spelled out per struct so a layout mistake in the parser shows up.
    /// </summary>
    internal sealed class MibTableBuilder
    {
        private readonly List<byte> _rows = new List<byte>();
        private uint _count;

        /// <summary>Overrides dwNumEntries (to claim more rows than were written).</summary>
        public uint? ClaimedCount { get; set; }

        /// <summary>Bytes written into the unused high half of every port DWORD, which the parser must ignore.</summary>
        public ushort PortGarbage { get; set; }

        /// <summary>MIB_TCPROW_OWNER_PID: dwState, dwLocalAddr, dwLocalPort, dwRemoteAddr, dwRemotePort, dwOwningPid (24 bytes).</summary>
        public MibTableBuilder Tcp4(uint state, string local, int localPort, string remote, int remotePort, uint pid)
        {
            int start = _rows.Count;
            Dword(state);
            Address(local, 4);
            Port(localPort);
            Address(remote, 4);
            Port(remotePort);
            Dword(pid);
            Check(start, 24);
            return this;
        }

        /// <summary>MIB_TCP6ROW_OWNER_PID: ucLocalAddr[16], dwLocalScopeId, dwLocalPort, ucRemoteAddr[16], dwRemoteScopeId, dwRemotePort, dwState,
        /// dwOwningPid (56 bytes).</summary>
        public MibTableBuilder Tcp6(uint state, string local, uint localScope, int localPort, string remote, uint remoteScope, int remotePort,
            uint pid)
        {
            int start = _rows.Count;
            Address(local, 16);
            ScopeId(localScope);
            Port(localPort);
            Address(remote, 16);
            ScopeId(remoteScope);
            Port(remotePort);
            Dword(state);
            Dword(pid);
            Check(start, 56);
            return this;
        }

        /// <summary>MIB_UDPROW_OWNER_PID: dwLocalAddr, dwLocalPort, dwOwningPid (12 bytes).</summary>
        public MibTableBuilder Udp4(string local, int localPort, uint pid)
        {
            int start = _rows.Count;
            Address(local, 4);
            Port(localPort);
            Dword(pid);
            Check(start, 12);
            return this;
        }

        /// <summary>MIB_UDP6ROW_OWNER_PID: ucLocalAddr[16], dwLocalScopeId, dwLocalPort, dwOwningPid (28 bytes).</summary>
        public MibTableBuilder Udp6(string local, uint localScope, int localPort, uint pid)
        {
            int start = _rows.Count;
            Address(local, 16);
            ScopeId(localScope);
            Port(localPort);
            Dword(pid);
            Check(start, 28);
            return this;
        }

        /// <summary>The table: dwNumEntries, the rows, then <paramref name="trailing"/> stale bytes (a buffer bigger than the table).</summary>
        public byte[] Build(int trailing = 0)
        {
            var bytes = new List<byte>();
            uint count = ClaimedCount ?? _count;
            bytes.Add((byte)count);
            bytes.Add((byte)(count >> 8));
            bytes.Add((byte)(count >> 16));
            bytes.Add((byte)(count >> 24));
            bytes.AddRange(_rows);
            for (int i = 0; i < trailing; i++)
            {
                bytes.Add(0xEE);
            }

            return bytes.ToArray();
        }

        private void Check(int start, int size)
        {
            if (_rows.Count - start != size)
            {
                throw new System.InvalidOperationException($"Builder bug: wrote {_rows.Count - start} bytes for a {size}-byte row.");
            }

            _count++;
        }

        private void Dword(uint value)
        {
            _rows.Add((byte)value);
            _rows.Add((byte)(value >> 8));
            _rows.Add((byte)(value >> 16));
            _rows.Add((byte)(value >> 24));
        }

        /// <summary>
        /// An interface index as Windows lays it into dwLocalScopeId/dwRemoteScopeId: least significant byte first
        /// (interface 12 is 0C 00 00 00). Written byte by byte from that fact, not from the parser: the evidence is
        /// outside this repository (System Informer prints these fields unchanged through RtlIpv6AddressToStringEx,
        /// which Wine's conformance tests show prints a scope id as given), and the raw-byte test in
        /// IpHelperTableParserTests pins the same bytes without this builder.
        /// </summary>
        private void ScopeId(uint interfaceIndex)
        {
            _rows.Add((byte)(interfaceIndex & 0xFF));
            _rows.Add((byte)((interfaceIndex >> 8) & 0xFF));
            _rows.Add((byte)((interfaceIndex >> 16) & 0xFF));
            _rows.Add((byte)((interfaceIndex >> 24) & 0xFF));
        }

        private void Port(int port)
        {
            _rows.Add((byte)(port >> 8));
            _rows.Add((byte)port);
            _rows.Add((byte)PortGarbage);
            _rows.Add((byte)(PortGarbage >> 8));
        }

        private void Address(string text, int length)
        {
            var bytes = IPAddress.Parse(text).GetAddressBytes();
            if (bytes.Length != length)
            {
                throw new System.ArgumentException($"{text} is not a {length}-byte address.");
            }

            _rows.AddRange(bytes);
        }
    }
}
