using System;
using System.Threading;

namespace LoopbackTools
{
    /// <summary>
    /// A listener this session started on a loopback address. The counters are live: the same object, read again,
    /// shows the connections and bytes that arrived since.
    /// </summary>
    public sealed class LoopbackListener
    {
        private long _connections;
        private long _bytesReceived;
        private long _bytesSent;
        private int _running = 1;

        internal LoopbackListener(int id, string address, int port, TransportProtocol protocol, string? response, DateTime startTime)
        {
            Id = id;
            Address = address;
            Port = port;
            Protocol = protocol;
            Response = response;
            StartTime = startTime;
        }

        /// <summary>The computer the listener runs on: always this one, since a listener lives in this session.</summary>
        public string ComputerName { get; } = LocalComputer.Name;

        /// <summary>Unique within this process; what Stop-LoopbackListener -Id takes.</summary>
        public int Id { get; }

        public string Address { get; }

        public int Port { get; }

        public TransportProtocol Protocol { get; }

        /// <summary>TCP: accepted connections. UDP: datagrams received (UDP has no connections).</summary>
        public long Connections => Interlocked.Read(ref _connections);

        public long BytesReceived => Interlocked.Read(ref _bytesReceived);

        public long BytesSent => Interlocked.Read(ref _bytesSent);

        /// <summary>The fixed answer; null when the listener echoes what it receives.</summary>
        public string? Response { get; }

        public DateTime StartTime { get; }

        public bool IsRunning => Volatile.Read(ref _running) == 1;

        internal void CountConnection() => Interlocked.Increment(ref _connections);

        internal void CountReceived(int bytes) => Interlocked.Add(ref _bytesReceived, bytes);

        internal void CountSent(int bytes) => Interlocked.Add(ref _bytesSent, bytes);

        /// <summary>True for the one caller that actually moved the listener from running to stopped.</summary>
        internal bool MarkStopped() => Interlocked.Exchange(ref _running, 0) == 1;

        public override string ToString() => $"{Protocol} {EndpointText.Format(Address, Port)} #{Id}";
    }
}
