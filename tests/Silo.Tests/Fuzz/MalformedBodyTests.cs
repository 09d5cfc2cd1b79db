using System.Net;
using System.Net.Sockets;
using System.Text;
using Threads.Silo.Tests.Limits;

namespace Threads.Silo.Tests.Fuzz;

/// <summary>Bodies that are not JSON, not UTF-8, or cut short are the caller's error (400), and write nothing.</summary>
public sealed class MalformedBodyTests(LimitsClusterFixture fixture) : IClassFixture<LimitsClusterFixture>
{
    private const string Ns = "malformed";

    public static TheoryData<string, string> Writes => new()
    {
        { "POST", "threads" },
        { "PATCH", "threads/{id}" },
        { "POST", "threads/{id}/clone" },
        { "POST", "threads/{id}/messages" },
        { "POST", "threads/{id}/trim" },
        { "POST", "resources/r/current-thread" },
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task Write_TruncatedJson_BadRequestAndUnchanged(string method, string path)
    {
        var id = await CreateAsync();
        var before = await SnapshotAsync(id);

        using var response = await SendAsync(method, path.Replace("{id}", id, StringComparison.Ordinal), "{\"title\":\"cut"u8.ToArray());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not valid JSON", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync(id));
    }

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task Write_MalformedUtf8_BadRequestAndUnchanged(string method, string path)
    {
        var id = await CreateAsync();
        var before = await SnapshotAsync(id);
        byte[] body = [.. "{\"title\":\""u8, 0xC3, 0x28, 0xFF, .. "\",\"messages\":[{\"role\":\"user\",\"content\":\"x"u8, 0xED, 0xA0, 0x80, .. "\"}]}"u8];

        using var response = await SendAsync(method, path.Replace("{id}", id, StringComparison.Ordinal), body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await SnapshotAsync(id));
    }

    public static TheoryData<string, string, string, string, string> HalfSurrogates => new()
    {
        { "POST", "threads", "application/json", """{"resourceId":"r","messages":[{"role":"assistant","content":[{"type":"tool_call","callId":"c","name":"f","arguments":{"a":"\ud800"}}]}]}""", "messages[0].content[0].arguments.a" },
        { "POST", "threads/{id}/messages", "application/json", """{"messages":[{"role":"tool","content":[{"type":"tool_result","callId":"c","result":["ok","\udfff"]}]}]}""", "messages[0].content[0].result[1]" },
        { "PUT", "threads/{id}/state", "application/json", """{"state":{"a":"x\ud83d"}}""", "state.a" },
        { "PATCH", "threads/{id}/state", "application/merge-patch+json", """{"a":{"b":"\ud800\ud800"}}""", "a.b" },
        { "PATCH", "threads/{id}", "application/merge-patch+json", """{"metadata":{"k":"\udc00"}}""", "metadata.k" },
        { "PATCH", "threads/{id}", "application/merge-patch+json", """{"metadata":{"\ud800":"v"}}""", "metadata" },
        { "PUT", "schemas/s", "application/json", """{"type":"object","title":"\ud800"}""", "title" },
    };

    [Theory]
    [MemberData(nameof(HalfSurrogates))]
    public async Task Write_EscapeOfHalfASurrogatePair_BadRequestNamingItAndUnchanged(string method, string path, string contentType, string body, string field)
    {
        var id = await CreateAsync();
        var before = await SnapshotAsync(id);

        using var response = await SendAsync(method, path.Replace("{id}", id, StringComparison.Ordinal), Encoding.UTF8.GetBytes(body), contentType);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains($"\"path\":\"{field}\"", problem, StringComparison.Ordinal);
        Assert.Contains("half a surrogate pair", problem, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync(id));
    }

    [Fact]
    public async Task Append_WholeSurrogatePairEscaped_Stored()
    {
        var id = await CreateAsync();

        using var response = await SendAsync("POST", $"threads/{id}/messages", """{"messages":[{"role":"user","content":"smile \ud83d\ude00"}]}"""u8.ToArray());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var snapshot = System.Text.Json.JsonDocument.Parse(await SnapshotAsync(id));
        Assert.Equal("smile \U0001F600", snapshot.RootElement.GetProperty("messages")[0].GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Append_ClientLeavesBeforeContentLength_NothingAppendedAndSiloServes()
    {
        var id = await CreateAsync();
        var partial = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"u8.ToArray();

        // Kestrel takes the client's half-close as the end of the connection, so there is no one left to answer.
        await SendRawAsync(id, $"Content-Length: {partial.Length + 100}\r\n", partial);
        using var health = await fixture.Cluster.Http.GetAsync("healthz", Ct);

        Assert.Contains("\"lastSeq\":0", await SnapshotAsync(id), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Append_MalformedChunk_BadRequestAndNothingAppended()
    {
        var id = await CreateAsync();
        var broken = "10\r\n{\"messages\":[{\"r\r\nzz\r\nole\":\"user\"}]}\r\n0\r\n\r\n"u8.ToArray();

        var answer = await SendRawAsync(id, "Transfer-Encoding: chunked\r\n", broken, halfClose: false);

        Assert.StartsWith("HTTP/1.1 400", answer, StringComparison.Ordinal);
        Assert.Contains("\"lastSeq\":0", await SnapshotAsync(id), StringComparison.Ordinal);
    }

    private async Task<string> SendRawAsync(string id, string framing, byte[] body, bool halfClose = true)
    {
        var head = Encoding.ASCII.GetBytes(
            $"POST /v1/namespaces/{Ns}/threads/{id}/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nConnection: close\r\n{framing}\r\n");
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, fixture.Cluster.Silos[0].BaseAddress.Port, Ct);
        await socket.SendAsync(head, Ct);
        await socket.SendAsync(body, Ct);
        if (halfClose)
        {
            socket.Shutdown(SocketShutdown.Send);
        }

        return await ReadAllAsync(socket);
    }

    private static async Task<string> ReadAllAsync(Socket socket)
    {
        var buffer = new byte[16 * 1024];
        var text = new StringBuilder();
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, Ct)) > 0)
            {
                text.Append(Encoding.UTF8.GetString(buffer, 0, read));
            }
        }
        catch (SocketException exception) when (exception.SocketErrorCode == SocketError.ConnectionReset)
        {
            // The server may reset the connection after answering a request whose body never came; the answer was read.
        }

        return text.ToString();
    }

    private async Task<HttpResponseMessage> SendAsync(string method, string path, byte[] body, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), $"v1/namespaces/{Ns}/{path}") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new(contentType);
        return await fixture.Cluster.Http.SendAsync(request, Ct);
    }

    private async Task<string> CreateAsync()
    {
        var id = $"t-{Guid.NewGuid():N}";
        using var response = await fixture.Cluster.Http.PostAsync($"v1/namespaces/{Ns}/threads", new StringContent($"{{\"id\":\"{id}\",\"resourceId\":\"r\"}}"), Ct);
        response.EnsureSuccessStatusCode();
        return id;
    }

    private async Task<string> SnapshotAsync(string id)
    {
        using var response = await fixture.Cluster.Http.GetAsync($"v1/namespaces/{Ns}/threads/{id}?messages=10", Ct);
        return await response.Content.ReadAsStringAsync(Ct);
    }
}
