using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using LoopbackTools.Classification;
using LoopbackTools.Inventory;
using LoopbackTools.Linux;
using LoopbackTools.Native;
using LoopbackTools.Owners;
using LoopbackTools.Sockets;
using Xunit;

namespace LoopbackTools.Tests.Linux
{
    /// <summary>
    /// The kernel's own socket facts on real sockets, through both Linux sources: uid (also above 2^31), IPV6_V6ONLY,
    /// the bound device and the queues. The /proc/net source is chosen by building the inventory on it alone, which is
    /// how a test forces the fallback.
    /// </summary>
    public class SocketFactsTests
    {
        private const int SOL_SOCKET = 1;
        private const int SO_BINDTODEVICE = 25;

        private static EndpointInventory Inventory(string source, ISocketOwnerResolver? owners = null) => new EndpointInventory(
            source == "netlink" ? new ISocketTable[] { new NetlinkSockDiagTable() } : new ISocketTable[] { new ProcNetSocketTable() },
            owners ?? new ProcFdSocketOwnerResolver(),
            PortClassifier.ForCurrentPlatform());

        private static Endpoint Only(string source, int port, bool owners = false, bool all = true)
        {
            var query = new EndpointQuery { All = all, ListeningOnly = true, ResolveOwners = owners, LocalPorts = new HashSet<int> { port } };
            return Assert.Single(Inventory(source).Query(query).Endpoints);
        }

        private static Socket V6Wildcard(SocketType type, bool v6Only, int backlog = 16)
        {
            var s = new Socket(AddressFamily.InterNetworkV6, type, type == SocketType.Stream ? ProtocolType.Tcp : ProtocolType.Udp);
            s.DualMode = !v6Only;
            s.Bind(new IPEndPoint(IPAddress.IPv6Any, 0));
            if (type == SocketType.Stream)
            {
                s.Listen(backlog);
            }

            return s;
        }

        [Theory]
        [InlineData(SocketType.Stream)]
        [InlineData(SocketType.Dgram)]
        public void Netlink_tells_a_dual_stack_wildcard_from_a_v6_only_one_and_proc_net_says_it_cannot(SocketType type)
        {
            using var dual = V6Wildcard(type, v6Only: false);
            using var v6only = V6Wildcard(type, v6Only: true);
            using var v4 = new Socket(AddressFamily.InterNetwork, type, type == SocketType.Stream ? ProtocolType.Tcp : ProtocolType.Udp);
            v4.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            if (type == SocketType.Stream)
            {
                v4.Listen(16);
            }

            Assert.False(Only("netlink", LiveSockets.Port(dual)).IPv6Only);
            Assert.True(Only("netlink", LiveSockets.Port(v6only)).IPv6Only);
            Assert.Null(Only("netlink", LiveSockets.Port(v4), all: false).IPv6Only); // IPv4: the question does not arise
            Assert.Null(Only("procnet", LiveSockets.Port(dual)).IPv6Only);
            Assert.Null(Only("procnet", LiveSockets.Port(v6only)).IPv6Only);
        }

        [Fact]
        public void A_udp_wildcard_bound_to_lo_is_loopback_only_and_names_its_device()
        {
            using var onLo = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            onLo.SetRawSocketOption(SOL_SOCKET, SO_BINDTODEVICE, Encoding.ASCII.GetBytes("lo\0")); // needs CAP_NET_RAW: root here
            onLo.Bind(new IPEndPoint(IPAddress.Any, 0));
            int port = LiveSockets.Port(onLo);

            // The default query (what loopback reaches) keeps it; its exposure is loopback, not every interface.
            var endpoint = Only("netlink", port, all: false);
            Assert.Equal("0.0.0.0", endpoint.LocalAddress);
            Assert.Equal("lo", endpoint.Interface);
            Assert.Equal(Exposure.LoopbackOnly, endpoint.Exposure);

            // /proc/net has no device column: the wildcard is all it can see.
            var fallback = Only("procnet", port, all: false);
            Assert.Null(fallback.Interface);
            Assert.Equal(Exposure.AllInterfaces, fallback.Exposure);
        }

        [Fact]
        public void A_wildcard_bound_to_another_device_is_specific_to_it_and_not_reached_through_loopback()
        {
            var device = NetworkInterface.GetAllNetworkInterfaces()
                .FirstOrDefault(n => n.NetworkInterfaceType != NetworkInterfaceType.Loopback && n.Name.Length < 16);
            if (device == null)
            {
                return; // a machine with loopback only has no other device to bind to
            }

            using var bound = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            bound.SetRawSocketOption(SOL_SOCKET, SO_BINDTODEVICE, Encoding.ASCII.GetBytes(device.Name + "\0"));
            bound.Bind(new IPEndPoint(IPAddress.Any, 0));
            int port = LiveSockets.Port(bound);

            var endpoint = Only("netlink", port);
            Assert.Equal(device.Name, endpoint.Interface);
            Assert.Equal(Exposure.SpecificInterface, endpoint.Exposure);
            var loopbackQuery = new EndpointQuery { ListeningOnly = true, ResolveOwners = false, LocalPorts = new HashSet<int> { port } };
            var loopbackView = Inventory("netlink").Query(loopbackQuery);
            Assert.Empty(loopbackView.Endpoints);
        }

        [Theory]
        [InlineData("netlink")]
        [InlineData("procnet")]
        public void A_listener_of_uid_3000000000_keeps_its_row_and_its_user(string source)
        {
            const uint uid = 3000000000;
            Assert.Equal("3000000000", UserNameMap.FromSystem().NameOf(uid)); // no passwd entry: the number is the name

            using var child = ChildProcess.Python(ChildProcess.ListenerScript, info =>
            {
                // setpriv runs python3 as that uid; the listener is then that uid's socket. The system python, since
                // a python3 found through root's PATH (pyenv shims under /root) is out of that user's reach.
                info.ArgumentList.Insert(0, System.IO.File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3");
                info.ArgumentList.Insert(0, "--");
                info.ArgumentList.Insert(0, "--clear-groups");
                info.ArgumentList.Insert(0, "--regid=3000000000");
                info.ArgumentList.Insert(0, "--reuid=3000000000");
                info.FileName = "setpriv";
            });
            int port = int.Parse(child.FirstLine.Trim(), System.Globalization.CultureInfo.InvariantCulture);

            // Without owners, the user comes from the socket itself.
            var bare = Only(source, port);
            Assert.Equal(uid, bare.SocketUid);
            Assert.Equal("3000000000", bare.UserName);
            Assert.Null(bare.ProcessId);

            // With owners (root sees every process), the owner's uid gives the same answer.
            var owned = Only(source, port, owners: true);
            Assert.Equal(child.Pid, owned.ProcessId);
            Assert.Equal("3000000000", owned.UserName);
            Assert.Equal(uid, owned.SocketUid);
        }

        [Fact]
        public void Queues_of_a_listener_that_never_accepts_are_its_accept_queue_and_its_backlog()
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(3);
            int port = LiveSockets.Port(listener);
            var clients = FillAcceptQueue(listener, 6);
            try
            {
                // The kernel holds backlog + 1 completed connections before it drops handshakes.
                var endpoint = WaitFor(() => Only("netlink", port, all: false), e => e.ReceiveQueue >= 4);
                Assert.Equal(4u, endpoint.ReceiveQueue);
                Assert.Equal(3u, endpoint.SendQueue);

                var fallback = Only("procnet", port, all: false);
                Assert.Equal(4u, fallback.ReceiveQueue);
                Assert.Null(fallback.SendQueue); // /proc/net does not print a listener's backlog
            }
            finally
            {
                Close(clients);
            }
        }

        [Fact]
        public void A_name_the_kernel_cut_inside_a_utf8_character_keeps_the_raw_byte()
        {
            // 14 ASCII letters and a two-byte character: comm keeps 15 bytes, the last one half of 'é'.
            const string script = "import socket,time; open('/proc/self/comm','wb').write('abcdefghijklmn\u00e9'.encode()); "
                + "s=socket.socket(); s.bind(('127.0.0.1',0)); s.listen(); print(s.getsockname()[1], flush=True); time.sleep(60)";
            using var child = ChildProcess.Python(script);
            int port = int.Parse(child.FirstLine.Trim(), System.Globalization.CultureInfo.InvariantCulture);

            var endpoint = Only("netlink", port, owners: true, all: false);

            Assert.Equal("abcdefghijklmn\uDCC3", endpoint.ProcessName);
            Assert.Equal("abcdefghijklmn\\xc3", TerminalText.Escape(endpoint.ProcessName));
        }

        /// <summary>Non-blocking connects: the first backlog + 1 complete, the rest wait in SYN_SENT as the kernel drops their SYNs.</summary>
        internal static List<Socket> FillAcceptQueue(Socket listener, int count)
        {
            var endpoint = (IPEndPoint)listener.LocalEndPoint!;
            var clients = new List<Socket>();
            for (int i = 0; i < count; i++)
            {
                var client = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { Blocking = false };
                clients.Add(client);
                try
                {
                    client.Connect(endpoint);
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock || e.SocketErrorCode == SocketError.InProgress)
                {
                }
            }

            return clients;
        }

        internal static void Close(List<Socket> sockets)
        {
            foreach (var s in sockets)
            {
                s.LingerState = new LingerOption(true, 0);
                s.Dispose();
            }
        }

        /// <summary>Reads until the condition holds (the kernel completes handshakes asynchronously), bounded against hangs.</summary>
        internal static T WaitFor<T>(Func<T> read, Func<T, bool> done)
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            T value = read();
            while (!done(value) && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
                value = read();
            }

            return value;
        }
    }
}
