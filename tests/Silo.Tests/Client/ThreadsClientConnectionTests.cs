using System.Net;
using System.Net.Sockets;
using System.Text;
using Threads.Client;
using Threads.Grains;

namespace Threads.Silo.Tests.Client;

/// <summary>The client turns a connection lost mid-answer into the API's error, as it does a silo it cannot reach.</summary>
public sealed class ThreadsClientConnectionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Get_ConnectionResetWhileTheBodyIsRead_ThrowsUnavailable()
    {
        // A server on loopback that sends the headers and part of a chunked body, then resets the connection.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var server = Task.Run(
            async () =>
            {
                using var socket = await listener.AcceptSocketAsync(Ct);
                var request = new byte[8192];
                var read = 0;
                while (!Encoding.ASCII.GetString(request, 0, read).Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    read += await socket.ReceiveAsync(request.AsMemory(read), Ct);
                }

                var partial = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n6\r\n{\"id\":\r\n";
                await socket.SendAsync(Encoding.ASCII.GetBytes(partial), Ct);
                socket.LingerState = new LingerOption(true, 0);
                socket.Close();
            },
            Ct);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}") };
        var thread = new ThreadsClient(http).GetThread("ns", Identifiers.NewThreadId());

        var error = await Assert.ThrowsAsync<ThreadsException>(() => thread.GetAsync(0, Ct));

        Assert.Equal(ErrorCodes.Unavailable, error.Code);
        Assert.IsAssignableFrom<IOException>(error.InnerException);
        await server;
    }
}
