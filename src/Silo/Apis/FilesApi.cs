using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Threads.Grains;
using Threads.Grains.Threads;
using Threads.Silo.Apis.Bodies;
using Threads.Silo.Apis.OpenApi;

namespace Threads.Silo.Apis;

/// <summary>The Files section of API.md: each thread's own file storage, raw bytes in and out.</summary>
internal static class FilesApi
{
    public static RouteGroupBuilder MapFiles(this RouteGroupBuilder v1)
    {
        var files = v1.MapGroup(string.Empty).WithTags(ApiTags.Files);
        files.MapPut("/threads/{id}/files/{filename}", PutAsync).WithRawBody("*/*")
            .WithRequestBodyLimit<ThreadLimitsOptions>(v1, static o => o.MaxFileBytes, "file", "Threads:Limits:MaxFileBytes")
            .WithName("putFile").WithSummary("Write a file of the thread; its Content-Type is kept as its media type.")
            .ProducesProblems(404, 413, 423, 507).WithResponseHeaders(StatusCodes.Status201Created, ResponseHeadersOperationTransformer.Location);
        files.MapGet("/threads/{id}/files", ListAsync)
            .WithName("listFiles").WithSummary("List a thread's files by filename.").ProducesProblems(404);
        files.MapGet("/threads/{id}/files/{filename}", GetAsync)
            .WithName("getFile").WithSummary("Read a file's bytes, with its media type.")
            .ProducesRawBody("*/*").ProducesProblems(404);
        files.MapDelete("/threads/{id}/files/{filename}", DeleteAsync)
            .WithName("deleteFile").WithSummary("Delete a file of the thread.").ProducesProblems(404, 423, 507);
        return v1;
    }

    public static async Task<Created<ThreadFileInfo>> PutAsync(
        string ns, string id, HttpRequest request, IGrainFactory grains, IOptions<ThreadLimitsOptions> limits, CancellationToken cancellationToken)
    {
        var thread = grains.GetThread(ns, id);
        var filename = Filename(request);

        // The server stops a body over the endpoint's limit (its declared length or what it sends) with a 413 before this holds more.
        using var buffer = new MemoryStream(request.ContentLength is { } length && length <= limits.Value.MaxFileBytes ? (int)length : 4096);
        await request.Body.CopyToAsync(buffer, cancellationToken);

        var info = await thread.PutFileAsync(filename, request.ContentType ?? string.Empty, buffer.ToArray(), cancellationToken);
        return TypedResults.Created($"/v1/namespaces/{ns}/threads/{Uri.EscapeDataString(id)}/files/{Uri.EscapeDataString(filename)}", info);
    }

    public static async Task<Ok<ThreadFileList>> ListAsync(string ns, string id, IGrainFactory grains, CancellationToken cancellationToken) =>
        TypedResults.Ok(await grains.GetThread(ns, id).ListFilesAsync(cancellationToken));

    public static async Task<FileContentHttpResult> GetAsync(string ns, string id, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var thread = grains.GetThread(ns, id);
        var file = await thread.GetFileAsync(Filename(request), cancellationToken);

        // Files are whatever a caller uploaded: never let a browser sniff them into something it would run.
        request.HttpContext.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.File(file.Content, file.Info.MediaType, file.Info.Filename);
    }

    public static async Task<NoContent> DeleteAsync(string ns, string id, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var thread = grains.GetThread(ns, id);
        await thread.DeleteFileAsync(Filename(request), cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// The filename, decoded exactly once from the request's raw target: the route value is not used, since the server
    /// leaves an encoded slash (<c>%2F</c>) encoded in it and decodes the rest. What the name may not hold (<c>/ \ NUL</c>,
    /// <c>.</c>, <c>..</c>) the grain refuses with a 400 naming <c>filename</c>.
    /// </summary>
    private static string Filename(HttpRequest request)
    {
        var target = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.ToString();
        var query = target.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? target : target[..query];
        return Uri.UnescapeDataString(path[(path.LastIndexOf('/') + 1)..]);
    }
}
