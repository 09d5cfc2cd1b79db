using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Threads.Grains;
using Threads.Grains.Serialization;

namespace Threads.Client.Internal;

/// <summary>The state, lock, run, file and import calls of <see cref="IThreadGrain"/> over HTTP.</summary>
internal sealed partial class HttpThreadGrain
{
    public async Task<ThreadStateSnapshot> GetStateAsync(CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, $"{_thread}/state");
        return (await http.SendAsync(message, ThreadsHttp.Response<ThreadStateSnapshot>(), cancellationToken).ConfigureAwait(false)).Value;
    }

    public async Task<StateChangeResult> ReplaceStateAsync(JsonElement state, long? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Put, $"{_thread}/state") { Content = ThreadsHttp.Body(StateBody(state)) };
        IfMatch(message, expectedVersion);
        return (await http.SendAsync(message, ThreadsHttp.Response<StateChangeResult>(), cancellationToken).ConfigureAwait(false)).Value;
    }

    public async Task<StateChangeResult> PatchStateAsync(JsonElement patch, long? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(patch, ThreadsJsonContext.Default.JsonElement));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/merge-patch+json");
        using var message = new HttpRequestMessage(HttpMethod.Patch, $"{_thread}/state") { Content = content };
        IfMatch(message, expectedVersion);
        return (await http.SendAsync(message, ThreadsHttp.Response<StateChangeResult>(), cancellationToken).ConfigureAwait(false)).Value;
    }

    public async Task<LockInfo> AcquireLockAsync(AcquireLockRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var message = new HttpRequestMessage(HttpMethod.Post, $"{_thread}/lock") { Content = ThreadsHttp.Body(request, ThreadsJsonContext.Default.AcquireLockRequest) };
        return (await http.SendAsync(message, ThreadsHttp.Response<LockInfo>(), cancellationToken).ConfigureAwait(false)).Value;
    }

    public async Task<LockStatus> GetLockAsync(CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, $"{_thread}/lock");
        return (await http.SendAsync(message, ThreadsHttp.Response<LockStatus>(), cancellationToken).ConfigureAwait(false)).Value;
    }

    public async Task ReleaseLockAsync(long token, CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Delete, $"{_thread}/lock");
        message.Headers.TryAddWithoutValidation("Lock-Token", token.ToString(CultureInfo.InvariantCulture));
        using (ThreadsRequestContext.WithLockToken(null))
        {
            await http.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<RunInfo> StartRunAsync(StartRunRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var message = new HttpRequestMessage(HttpMethod.Post, $"{_thread}/runs") { Content = ThreadsHttp.Body(request, ThreadsJsonContext.Default.StartRunRequest) };
        return (await http.SendAsync(message, ThreadsHttp.Response<RunInfo>(), cancellationToken).ConfigureAwait(false)).Value;
    }

    public async Task<RunInfo> CheckpointAsync(string runId, CheckpointRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var message = new HttpRequestMessage(HttpMethod.Post, $"{Run(runId)}/checkpoints") { Content = ThreadsHttp.Body(request, ThreadsJsonContext.Default.CheckpointRequest) };
        return (await http.SendAsync(message, ThreadsHttp.Response<RunInfo>(), cancellationToken).ConfigureAwait(false)).Value;
    }

    public async Task<RunInfo> CompleteRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, $"{Run(runId)}/complete") { Content = ThreadsHttp.Body(new EndRunRequest(), ThreadsJsonContext.Default.EndRunRequest) };
        return (await http.SendAsync(message, ThreadsHttp.Response<RunInfo>(), cancellationToken).ConfigureAwait(false)).Value;
    }

    public async Task<RunInfo> FailRunAsync(string runId, EndRunRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var message = new HttpRequestMessage(HttpMethod.Post, $"{Run(runId)}/fail") { Content = ThreadsHttp.Body(request, ThreadsJsonContext.Default.EndRunRequest) };
        return (await http.SendAsync(message, ThreadsHttp.Response<RunInfo>(), cancellationToken).ConfigureAwait(false)).Value;
    }

    public async Task<RunInfo> ResumeRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, $"{Run(runId)}/resume");
        return (await http.SendAsync(message, ThreadsHttp.Response<RunInfo>(), cancellationToken).ConfigureAwait(false)).Value;
    }

    public async Task<RunInfo> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, Run(runId));
        return (await http.SendAsync(message, ThreadsHttp.Response<RunInfo>(), cancellationToken).ConfigureAwait(false)).Value;
    }

    public async Task<RunPage> ListRunsAsync(RunListQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var uri = new QueryString($"{_thread}/runs")
            .Add("status", query.Status is { } status ? status.ToString().ToLowerInvariant() : null)
            .Add("limit", query.Limit)
            .Add("cursor", query.Cursor)
            .ToString();
        using var message = new HttpRequestMessage(HttpMethod.Get, uri);
        return (await http.SendAsync(message, ThreadsHttp.Response<RunPage>(), cancellationToken).ConfigureAwait(false)).Value;
    }

    public async Task<ThreadFileInfo> PutFileAsync(string filename, string mediaType, byte[] content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var body = new ByteArrayContent(content);
        if (!string.IsNullOrEmpty(mediaType))
        {
            body.Headers.TryAddWithoutValidation("Content-Type", mediaType);
        }

        using var message = new HttpRequestMessage(HttpMethod.Put, File(filename)) { Content = body };
        return (await http.SendAsync(message, ThreadsHttp.Response<ThreadFileInfo>(), cancellationToken).ConfigureAwait(false)).Value;
    }

    public async Task<ThreadFileList> ListFilesAsync(CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, $"{_thread}/files");
        return (await http.SendAsync(message, ThreadsHttp.Response<ThreadFileList>(), cancellationToken).ConfigureAwait(false)).Value;
    }

    public async Task<ThreadFile> GetFileAsync(string filename, CancellationToken cancellationToken = default)
    {
        var uri = File(filename);

        // The bytes come with their media type; the file's description comes from the listing.
        var files = await ListFilesAsync(cancellationToken).ConfigureAwait(false);
        var info = files.Files.FirstOrDefault(f => f.Filename == filename)
            ?? throw new NotFoundException($"File '{filename}' was not found in thread '{id}'.");
        using var message = new HttpRequestMessage(HttpMethod.Get, uri);
        var (content, _) = await http.SendForBytesAsync(message, cancellationToken).ConfigureAwait(false);
        return new ThreadFile(info with { Bytes = content.Length }, content);
    }

    public async Task DeleteFileAsync(string filename, CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Delete, File(filename));
        await http.SendAsync(message, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ThreadInfo> ImportAsync(ThreadImport import, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(import);
        var buffer = new ArrayBufferWriter<byte>();
        ThreadNdjson.Write(buffer, import with { Thread = import.Thread with { Id = id, Namespace = ns } });
        var content = new ByteArrayContent(buffer.WrittenMemory.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue(ThreadNdjson.MediaType);
        using var message = new HttpRequestMessage(HttpMethod.Post, $"{_threads}/import") { Content = content };
        return (await http.SendAsync(message, ThreadsHttp.Response<ThreadInfo>(), cancellationToken).ConfigureAwait(false)).Value;
    }

    private static byte[] StateBody(JsonElement state)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("state"u8);
            state.WriteTo(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private string Run(string runId) => $"{_thread}/runs/{Uri.EscapeDataString(runId)}";

    /// <summary>
    /// The file's address. A name that is empty, <c>.</c> or <c>..</c> cannot travel as a path segment (URI
    /// normalization would turn it into another address), and the server refuses an encoded NUL before the silo sees
    /// it, so those are refused here as the grain would; every other name is percent-encoded and judged by the silo.
    /// </summary>
    private string File(string filename) =>
        string.IsNullOrEmpty(filename) || filename is "." or ".." || filename.Contains('\0', StringComparison.Ordinal)
            ? throw InvalidArgumentException.ForField("filename", Filenames.RuleMessage)
            : $"{_thread}/files/{Uri.EscapeDataString(filename)}";
}
