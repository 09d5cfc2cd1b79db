using System.Net;
using System.Text;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Threads.Silo.Tests.Limits;

/// <summary>Every limit answers 413 or 400 naming its setting, and a refused request writes nothing.</summary>
public sealed class RequestLimitsTests(LimitsClusterFixture fixture) : IClassFixture<LimitsClusterFixture>
{
    private const string Ns = "limits";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Http => fixture.Cluster.Http;

    [Fact]
    public async Task Create_BodyOverMaxRequestBodyBytes_PayloadTooLargeAndNothingCreated()
    {
        var id = NewId();
        var body = $"{{\"id\":\"{id}\",\"title\":\"{new string('x', 10_000)}\"}}";

        using var response = await Http.PostAsync($"v1/namespaces/{Ns}/threads", new StringContent(body, Encoding.UTF8, "application/json"), Ct);

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "Threads:Limits:MaxRequestBodyBytes");
        await AssertAbsentAsync(id);
    }

    [Fact]
    public async Task Create_ChunkedBodyOverMaxRequestBodyBytes_PayloadTooLargeAndNothingCreated()
    {
        var id = NewId();
        var body = Encoding.UTF8.GetBytes($"{{\"id\":\"{id}\",\"title\":\"{new string('x', 10_000)}\"}}");
        using var content = new StreamContent(new MemoryStream(body));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"v1/namespaces/{Ns}/threads") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await Http.SendAsync(request, Ct);

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "Threads:Limits:MaxRequestBodyBytes");
        await AssertAbsentAsync(id);
    }

    [Fact]
    public async Task PutFile_OverMaxRequestBodyBytesWithinMaxFileBytes_Created()
    {
        var id = await CreateAsync();
        using var content = new ByteArrayContent(new byte[12_000]);

        using var response = await Http.PutAsync($"v1/namespaces/{Ns}/threads/{id}/files/within.bin", content, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task PutFile_ChunkedOverMaxFileBytes_PayloadTooLargeNamingMaxFileBytes()
    {
        var id = await CreateAsync();
        using var content = new StreamContent(new MemoryStream(new byte[20_000]));
        using var request = new HttpRequestMessage(HttpMethod.Put, $"v1/namespaces/{Ns}/threads/{id}/files/over.bin") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await Http.SendAsync(request, Ct);

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "file: at most 16384 bytes (Threads:Limits:MaxFileBytes)");
    }

    [Fact]
    public async Task Append_MessageOverMaxMessageBytes_PayloadTooLargeAndNothingAppended()
    {
        var id = await CreateAsync();

        using var response = await PostAsync($"threads/{id}/messages", $"{{\"messages\":[{{\"role\":\"user\",\"content\":\"{new string('x', 2000)}\"}}]}}");

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "Threads:Limits:MaxMessageBytes");
        await AssertLastSeqAsync(id, 0);
    }

    [Fact]
    public async Task Append_OverMaxMessagesPerAppend_RefusedAndNothingAppended()
    {
        var id = await CreateAsync();
        var messages = string.Join(',', Enumerable.Repeat("{\"role\":\"user\",\"content\":\"m\"}", 4));

        using var response = await PostAsync($"threads/{id}/messages", $"{{\"messages\":[{messages}]}}");

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "Threads:Limits:MaxMessagesPerAppend");
        await AssertLastSeqAsync(id, 0);
    }

    [Theory]
    [InlineData("{\"a\":\"1\",\"b\":\"2\",\"c\":\"3\"}", "metadata")]
    [InlineData("{\"toolongkey\":\"1\"}", "metadata")]
    [InlineData("{\"k\":\"a value longer than sixteen\"}", "metadata")]
    [InlineData("{\"\":\"1\"}", "metadata")]
    public async Task Create_MetadataOverLimits_BadRequestNamingMetadataAndNothingCreated(string metadata, string field)
    {
        var id = NewId();

        using var response = await PostAsync("threads", $"{{\"id\":\"{id}\",\"metadata\":{metadata}}}");

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
        await AssertAbsentAsync(id);
    }

    [Fact]
    public async Task Update_MetadataOverMaxMetadataKeys_BadRequestAndUnchanged()
    {
        var id = await CreateAsync();

        using var response = await Http.PatchAsync($"v1/namespaces/{Ns}/threads/{id}", Json("{\"metadata\":{\"a\":\"1\",\"b\":\"2\",\"c\":\"3\"}}"), Ct);
        using var after = await Http.GetAsync($"v1/namespaces/{Ns}/threads/{id}", Ct);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "metadata");
        Assert.Contains("\"version\":1", await after.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("threads?limit=11", "limit")]
    [InlineData("threads?limit=0", "limit")]
    [InlineData("threads/{id}/messages?limit=11", "limit")]
    [InlineData("threads/{id}?messages=11", "messages")]
    public async Task Read_PageOverMaxPageSize_BadRequestNamingLimit(string path, string named)
    {
        var id = await CreateAsync();

        using var response = await Http.GetAsync($"v1/namespaces/{Ns}/{path.Replace("{id}", id, StringComparison.Ordinal)}", Ct);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, named);
    }

    [Theory]
    [InlineData("Bad_Namespace", "threads")]
    [InlineData(Ns, "threads/-starts-with-dash")]
    [InlineData(Ns, "threads/has%20space")]
    [InlineData(Ns, "threads/has%2Fslash")]
    [InlineData(Ns, "resources/bad%20id/current-thread")]
    public async Task AnyRoute_InvalidIdentifier_BadRequestOrNotFound(string ns, string path)
    {
        using var response = await Http.PostAsync($"v1/namespaces/{ns}/{path}", Json("{}"), Ct);

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, $"{path}: {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Create_IdOver128Characters_BadRequestNamingIdAndNothingCreated()
    {
        var id = new string('a', 129);

        using var response = await PostAsync("threads", $"{{\"id\":\"{id}\"}}");

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "id");
        using var list = await Http.GetAsync($"v1/namespaces/{Ns}/threads?limit=10", Ct);
        Assert.DoesNotContain(id, await list.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyRoute_HeadersOverMaxRequestHeadersTotalBytes_RequestHeaderFieldsTooLarge()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"v1/namespaces/{Ns}/threads");
        request.Headers.Add("X-Padding", new string('p', 5000));

        using var response = await Http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
    }

    [Fact]
    public void Kestrel_ConfiguredLimits_Applied()
    {
        var limits = fixture.Cluster.Silos[0].Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits;

        Assert.Equal(8192, limits.MaxRequestBodySize);
        Assert.Equal(4096, limits.MaxRequestHeadersTotalSize);
        Assert.Equal(100, limits.MaxRequestHeaderCount);
        Assert.Equal(TimeSpan.FromSeconds(15), limits.RequestHeadersTimeout);
        Assert.Equal(240, limits.MinRequestBodyDataRate!.BytesPerSecond);
        Assert.Equal(TimeSpan.FromSeconds(5), limits.MinRequestBodyDataRate.GracePeriod);
    }

    private static string NewId() => $"t-{Guid.NewGuid():N}";

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private Task<HttpResponseMessage> PostAsync(string path, string json) => Http.PostAsync($"v1/namespaces/{Ns}/{path}", Json(json), Ct);

    private async Task<string> CreateAsync()
    {
        var id = NewId();
        using var response = await PostAsync("threads", $"{{\"id\":\"{id}\"}}");
        response.EnsureSuccessStatusCode();
        return id;
    }

    private async Task AssertAbsentAsync(string id)
    {
        using var response = await Http.GetAsync($"v1/namespaces/{Ns}/threads/{id}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task AssertLastSeqAsync(string id, int lastSeq)
    {
        using var response = await Http.GetAsync($"v1/namespaces/{Ns}/threads/{id}", Ct);
        Assert.Contains($"\"lastSeq\":{lastSeq}", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string named)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(named, body, StringComparison.Ordinal);
    }
}
