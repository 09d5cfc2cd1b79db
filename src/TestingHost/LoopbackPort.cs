using System.Net;
using System.Net.Sockets;

namespace Threads.TestingHost;

/// <summary>Ports for silos under test.</summary>
public static class LoopbackPort
{
    /// <summary>A TCP port on 127.0.0.1 that no one listens on now (the system's choice of an ephemeral port).</summary>
    public static int Free()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
