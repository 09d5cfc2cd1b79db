using System.Buffers;
using System.Net.Http.Headers;
using Threads.Grains;

namespace Threads.Client.Internal;

/// <summary>The file and import calls of <see cref="IThreadGrain"/> over HTTP.</summary>
internal sealed partial class HttpThreadGrain
{
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
