using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading;

// Usage: LoopbackTools.LoadHolder --connections K [--timeout-seconds S] [--address 127.0.0.1] [--port P]
// Opens one listener on <address>:P (P = 0, the default, lets the kernel pick) and K established connections to it
// (client and accepted server socket both live here: 2 fds per connection, so K stays under ~9,900 with a 20,000 fd
// limit; the scale benchmark sizes K from the machine's limit and passes a port below the ephemeral range, so that
// the clients' ports never collide with the listeners'). Prints
// "ready <K> <port> <pid>" when all are up, then holds them until stdin closes or the timeout (at most 900 s)
// passes, and tears down with SO_LINGER {1, 0} (reset) so no TIME_WAIT is left to skew the next measurement.
// SIGTERM and SIGINT tear down the same way. Loopback only: the address must be a loopback address.
int connections = 0;
int timeoutSeconds = 300;
var address = IPAddress.Loopback;
int port = 0;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--connections": connections = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--timeout-seconds": timeoutSeconds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--address": address = IPAddress.Parse(args[++i]); break;
        case "--port": port = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        default:
            Console.Error.WriteLine("unknown argument " + args[i]);
            return 2;
    }
}

// The fd limit is the real bound (a bigger machine may allow far more); 250,000 keeps a typo from exhausting memory.
if (connections < 0 || connections > 250_000 || timeoutSeconds < 1 || timeoutSeconds > 900 || !IPAddress.IsLoopback(address)
    || port < 0 || port > 65535)
{
    Console.Error.WriteLine("need 0 <= --connections <= 250000, 1 <= --timeout-seconds <= 900, 0 <= --port <= 65535 and a loopback --address");
    return 2;
}

using var stop = new ManualResetEventSlim();
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Set(); });
using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Set(); });
var sockets = new List<Socket>(connections * 2 + 1);
var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
sockets.Add(listener);
int exitCode = 0;
try
{
    listener.Bind(new IPEndPoint(address, port));
    listener.Listen(1024);
    var target = (IPEndPoint)listener.LocalEndPoint!;
    for (int i = 0; i < connections && !stop.IsSet; i++)
    {
        var client = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        sockets.Add(client);
        client.Connect(target);
        sockets.Add(listener.Accept());
    }

    Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "ready {0} {1} {2}", connections, target.Port, Environment.ProcessId));
    Console.Out.Flush();

    var reader = new Thread(() =>
    {
        try
        {
            while (Console.In.ReadLine() != null)
            {
            }
        }
        catch (Exception)
        {
        }

        stop.Set();
    }) { IsBackground = true };
    reader.Start();
    stop.Wait(TimeSpan.FromSeconds(timeoutSeconds));
}
catch (SocketException e)
{
    Console.Error.WriteLine("load holder failed after " + sockets.Count + " sockets: " + e.Message);
    exitCode = 1;
}
finally
{
    foreach (var socket in sockets)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (SocketException)
        {
        }

        socket.Dispose();
    }
}

return exitCode;
