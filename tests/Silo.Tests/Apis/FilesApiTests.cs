using System.Net;
using System.Net.Http.Headers;

namespace Threads.Silo.Tests.Apis;

/// <summary>Files over HTTP: raw bytes in and out, headers, limits and names that must not escape the thread.</summary>
[Collection(ClusterCollection.Name)]
public sealed class FilesApiTests(ClusterFixture fixture) : ApiTests(fixture)
{
    [Fact]
    public async Task Put_RawBody_Returns201WithDescriptionAndGetReturnsTheBytes()
    {
        await CreateThreadAsync("f");
        byte[] bytes = [0, 1, 2, 255];

        using var put = await PutFileAsync("f", "report%20v1.bin", bytes, "application/x-custom");
        var info = await JsonAsync(put, HttpStatusCode.Created);
        using var get = await GetAsync("threads/f/files/report%20v1.bin");

        Assert.Equal(("report v1.bin", 4L, "application/x-custom"), (info.GetProperty("filename").GetString(), info.GetProperty("bytes").GetInt64(), info.GetProperty("mediaType").GetString()));
        Assert.Matches("^file_[0-9a-f]{24}$", info.GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(bytes, await get.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal("application/x-custom", get.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", get.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("nosniff", get.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task Put_NoContentType_StoredAsOctetStream()
    {
        await CreateThreadAsync("noct");

        using var put = await PutFileAsync("noct", "x", [1], contentType: null);

        Assert.Equal("application/octet-stream", (await JsonAsync(put, HttpStatusCode.Created)).GetProperty("mediaType").GetString());
    }

    [Fact]
    public async Task ListAndDelete_Returns200ByNameThen204()
    {
        await CreateThreadAsync("ld");
        (await PutFileAsync("ld", "b.txt", [1], "text/plain")).Dispose();
        (await PutFileAsync("ld", "a.txt", [2], "text/plain")).Dispose();

        using var list = await GetAsync("threads/ld/files");
        using var delete = await SendAsync(HttpMethod.Delete, "threads/ld/files/a.txt");
        using var gone = await GetAsync("threads/ld/files/a.txt");

        Assert.Equal(["a.txt", "b.txt"], (await JsonAsync(list, HttpStatusCode.OK)).GetProperty("files").EnumerateArray().Select(f => f.GetProperty("filename").GetString()));
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        await ProblemAsync(gone, HttpStatusCode.NotFound, "not_found");
    }

    [Theory]
    [InlineData("..%2Fescape")]
    [InlineData("dir%2Ffile")]
    [InlineData("back%5Cslash")]
    [InlineData("%2E%2E%2F%2E%2E%2Fetc")]
    public async Task Put_EncodedSeparators_Returns400NamingFilenameAndWritesNothing(string encoded)
    {
        await CreateThreadAsync("names");

        using var response = await PutFileAsync("names", encoded, [1], "text/plain");

        await ProblemAsync(response, HttpStatusCode.BadRequest, "invalid_argument", "filename");
        await AssertNoFilesAsync("names");
    }

    [Theory]
    [InlineData("%00")]
    [InlineData("a%00b")]
    [InlineData("%2E%2E")]
    [InlineData("..")]
    public async Task Put_NulOrDotDot_RefusedAndWritesNothing(string encoded)
    {
        // The server turns these away before the silo sees them (a NUL in the path, a dot segment that normalizes
        // to another route); whatever answers, nothing may be written.
        await CreateThreadAsync("dots");

        using var response = await PutFileAsync("dots", encoded, [1], "text/plain");

        Assert.False(response.IsSuccessStatusCode, $"{encoded} answered {response.StatusCode}");
        await AssertNoFilesAsync("dots");
    }

    [Fact]
    public async Task Put_OverLimitChunked_Returns413AndWritesNothing()
    {
        await CreateThreadAsync("big");
        using var request = new HttpRequestMessage(HttpMethod.Put, V1("threads/big/files/big.bin"))
        {
            // A stream of unknown length: sent chunked, so only the server's body limit can stop it.
            Content = new StreamContent(new UnseekableStream(new byte[(10 * 1024 * 1024) + 1])),
        };

        using var response = await Http.SendAsync(request, Ct);

        await ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        await AssertNoFilesAsync("big");
    }

    [Fact]
    public async Task Put_OverLimitWithLength_Returns413()
    {
        await CreateThreadAsync("big2");

        using var response = await PutFileAsync("big2", "big.bin", new byte[(10 * 1024 * 1024) + 1], "application/octet-stream");

        await ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        await AssertNoFilesAsync("big2");
    }

    private async Task<HttpResponseMessage> PutFileAsync(string thread, string encodedName, byte[] content, string? contentType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, V1($"threads/{thread}/files/{encodedName}")) { Content = new ByteArrayContent(content) };
        if (contentType is not null)
        {
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        return await Http.SendAsync(request, Ct);
    }

    private async Task AssertNoFilesAsync(string thread)
    {
        using var list = await GetAsync($"threads/{thread}/files");
        Assert.Empty((await JsonAsync(list, HttpStatusCode.OK)).GetProperty("files").EnumerateArray());
    }

    private sealed class UnseekableStream(byte[] content) : MemoryStream(content)
    {
        public override bool CanSeek => false;
    }
}
