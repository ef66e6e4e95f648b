using System;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Threading;
using LoopbackTools.Sockets;

namespace LoopbackTools.Linux.Netlink
{
    /// <summary>
    /// Parses sock_diag datagrams on a second thread while the reading thread is in recv(). The kernel builds each
    /// datagram of a dump inside the recv() call that asks for it, so parsing datagram k here while the reader waits for
    /// datagram k+1 overlaps our work with the kernel's, on a second core.
    /// </summary>
    /// <remarks>
    /// One worker thread, started on the first datagram posted, and a FIFO queue: the sink sees rows one call at a time
    /// and in the order of the dump. Receive buffers circulate between the two threads; at most
    /// <see cref="MaxBuffersInFlight"/> exist at once, so a slow parser holds the reader back instead of growing memory.
    /// Between reads, free buffers wait in a small process-wide pool.
    /// </remarks>
    internal sealed class DumpParseWorker : IDisposable
    {
        /// <summary>A datagram of a dump is at most 32 KiB (the kernel caps its dump buffers there); twice that is headroom.</summary>
        internal const int BufferLength = 64 * 1024;

        internal const int MaxBuffersInFlight = 8;

        private static readonly Stack<byte[]> Pool = new Stack<byte[]>();

        private readonly object _gate = new object();
        private readonly Queue<Item> _queue = new Queue<Item>();
        private readonly Stack<byte[]> _free = new Stack<byte[]>();
        private Thread? _thread;
        private ExceptionDispatchInfo? _error;
        private int _buffers;
        private int _pending;
        private bool _closed;

        /// <summary>True once the worker failed: the reader should stop and call <see cref="Drain"/> to see why.</summary>
        public bool Failed
        {
            get
            {
                lock (_gate)
                {
                    return _error != null;
                }
            }
        }

        /// <summary>A buffer to receive into; waits while <see cref="MaxBuffersInFlight"/> are queued or being parsed.</summary>
        public byte[] TakeBuffer()
        {
            lock (_gate)
            {
                while (true)
                {
                    if (_free.Count > 0)
                    {
                        return _free.Pop();
                    }

                    if (_buffers < MaxBuffersInFlight || _error != null)
                    {
                        _buffers++;
                        lock (Pool)
                        {
                            return Pool.Count > 0 ? Pool.Pop() : new byte[BufferLength];
                        }
                    }

                    Monitor.Wait(_gate);
                }
            }
        }

        /// <summary>Gives back a buffer that was not posted (parsed in place, or abandoned).</summary>
        public void ReturnBuffer(byte[] buffer)
        {
            lock (_gate)
            {
                _free.Push(buffer);
                Monitor.PulseAll(_gate);
            }
        }

        /// <summary>Queues a received datagram; the worker parses it with <paramref name="parser"/> into <paramref name="sink"/>.</summary>
        public void Post(byte[] buffer, int length, uint sequence, TransportProtocol protocol, SockDiagReplyParser parser, ISocketRowSink sink)
        {
            lock (_gate)
            {
                if (_closed)
                {
                    throw new ObjectDisposedException(nameof(DumpParseWorker));
                }

                _queue.Enqueue(new Item(buffer, length, sequence, protocol, parser, sink));
                _pending++;
                if (_thread == null)
                {
                    _thread = new Thread(Run) { IsBackground = true, Name = "LoopbackTools sock_diag parser" };
                    _thread.Start();
                }

                Monitor.PulseAll(_gate);
            }
        }

        /// <summary>Waits until every posted datagram is parsed, then rethrows what the worker threw, if anything.</summary>
        public void Drain()
        {
            lock (_gate)
            {
                while (_pending > 0)
                {
                    Monitor.Wait(_gate);
                }

                var error = _error;
                _error = null;
                error?.Throw();
            }
        }

        public void Dispose()
        {
            Thread? thread;
            lock (_gate)
            {
                _closed = true;
                thread = _thread;
                Monitor.PulseAll(_gate);
            }

            // The worker finishes the datagram in hand (the sink is still the caller's), drops the rest, and ends.
            thread?.Join();
            lock (_gate)
            {
                lock (Pool)
                {
                    while (_free.Count > 0 && Pool.Count < MaxBuffersInFlight)
                    {
                        Pool.Push(_free.Pop());
                    }
                }

                _free.Clear();
            }
        }

        private void Run()
        {
            while (true)
            {
                Item item;
                lock (_gate)
                {
                    while (_queue.Count == 0 && !_closed)
                    {
                        Monitor.Wait(_gate);
                    }

                    if (_closed)
                    {
                        _pending -= _queue.Count;
                        _queue.Clear();
                        Monitor.PulseAll(_gate);
                        return;
                    }

                    item = _queue.Dequeue();
                }

                try
                {
                    if (!Failed)
                    {
                        item.Parser.Parse(item.Buffer, 0, item.Length, item.Sequence, item.Protocol, item.Sink);
                    }
                }
                catch (Exception e)
                {
                    lock (_gate)
                    {
                        _error ??= ExceptionDispatchInfo.Capture(e);
                    }
                }

                lock (_gate)
                {
                    _free.Push(item.Buffer);
                    _pending--;
                    Monitor.PulseAll(_gate);
                }
            }
        }

        private readonly struct Item
        {
            public Item(byte[] buffer, int length, uint sequence, TransportProtocol protocol, SockDiagReplyParser parser, ISocketRowSink sink)
            {
                Buffer = buffer;
                Length = length;
                Sequence = sequence;
                Protocol = protocol;
                Parser = parser;
                Sink = sink;
            }

            public byte[] Buffer { get; }

            public int Length { get; }

            public uint Sequence { get; }

            public TransportProtocol Protocol { get; }

            public SockDiagReplyParser Parser { get; }

            public ISocketRowSink Sink { get; }
        }
    }
}
