using System;
using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace LoopbackTools.Listeners
{
    /// <summary>Accepts connections and echoes, or answers each connection's first request with the fixed response.</summary>
    internal sealed class TcpListenerHost : ListenerHost
    {
        // A teaching and test tool, not a server: beyond this many open connections new ones are reset at once.
        private const int MaxOpenConnections = 256;

        private readonly ConcurrentDictionary<Socket, byte> _connections = new ConcurrentDictionary<Socket, byte>();

        public TcpListenerHost(LoopbackListener info, Socket listening, byte[]? response)
            : base(info, listening, response)
        {
        }

        protected override async Task RunAsync()
        {
            while (!Stopping)
            {
                Socket client;
                try
                {
                    client = await Socket.AcceptAsync().ConfigureAwait(false);
                }
                catch (ObjectDisposedException)
                {
                    return;
                }
                catch (SocketException)
                {
                    if (Stopping)
                    {
                        return;
                    }

                    // The peer gave up before accept (ECONNABORTED): nothing to serve, keep listening.
                    continue;
                }

                Info.CountConnection();
                if (Stopping || _connections.Count >= MaxOpenConnections)
                {
                    Reset(client);
                    continue;
                }

                _connections[client] = 0;
                _ = ServeAsync(client);
            }
        }

        protected override void CloseConnections()
        {
            foreach (var client in _connections.Keys)
            {
                Reset(client);
            }
        }

        private async Task ServeAsync(Socket client)
        {
            var buffer = new byte[8192];
            bool answered = false;
            try
            {
                while (true)
                {
                    int received = await client.ReceiveAsync(new ArraySegment<byte>(buffer), SocketFlags.None).ConfigureAwait(false);
                    if (received == 0)
                    {
                        break;
                    }

                    Info.CountReceived(received);
                    if (Response == null)
                    {
                        await SendAllAsync(client, buffer, received).ConfigureAwait(false);
                    }
                    else if (!answered)
                    {
                        // Request, response, then our FIN: an HTTP/1.0-style client reads to end of stream and is done.
                        await SendAllAsync(client, Response, Response.Length).ConfigureAwait(false);
                        client.Shutdown(SocketShutdown.Send);
                        answered = true;
                    }
                }
            }
            catch (SocketException)
            {
            }
            catch (ObjectDisposedException)
            {
            }
            finally
            {
                _connections.TryRemove(client, out _);
                client.Dispose();
            }
        }

        private async Task SendAllAsync(Socket client, byte[] data, int count)
        {
            int sent = 0;
            while (sent < count)
            {
                int n = await client.SendAsync(new ArraySegment<byte>(data, sent, count - sent), SocketFlags.None).ConfigureAwait(false);
                sent += n;
                Info.CountSent(n);
            }
        }

        private static void Reset(Socket client)
        {
            // A reset rather than a FIN: the listener's port is left without TIME_WAIT, so it is free again at once.
            try
            {
                client.LingerState = new LingerOption(true, 0);
            }
            catch (Exception e) when (e is SocketException || e is ObjectDisposedException)
            {
            }

            client.Dispose();
        }
    }
}
