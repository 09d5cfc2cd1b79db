using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Threads.Grains;
using Threads.Grains.Http;
using Threads.Grains.Serialization;
using Threads.Grains.Threads;
using Threads.Silo.Apis.Bodies;
using Threads.Silo.Apis.Concurrency;
using Threads.Silo.Apis.OpenApi;
using Threads.Silo.Hosting;

namespace Threads.Silo.Apis;

/// <summary>The Import, export, retention section of API.md: a thread as NDJSON out and back in, and cleanup of old threads.</summary>
internal static class ExportApi
{
    public static RouteGroupBuilder MapExport(this RouteGroupBuilder v1)
    {
        var export = v1.MapGroup(string.Empty).WithTags(ApiTags.Export);
        export.MapGet("/threads/{id}/export", ExportAsync).Produces<string>(StatusCodes.Status200OK, ThreadNdjson.MediaType)
            .WithName("exportThread").WithSummary("Export a thread as NDJSON: the thread, each message, the state, each file.")
            .ProducesProblems(404);
        export.MapPost("/threads/import", ImportAsync).WithRawBody(ThreadNdjson.MediaType)
            .WithRequestBodyLimit<ThreadsHttpOptions>(v1, static o => o.MaxImportBytes, "import", "Threads:Http:MaxImportBytes")
            .WithName("importThread").WithSummary("Recreate a thread from its NDJSON export.").ProducesProblems(409, 413, 507)
            .WithResponseHeaders(StatusCodes.Status201Created, ResponseHeadersOperationTransformer.Location, ResponseHeadersOperationTransformer.ETag);
        export.MapPost("/cleanup", CleanupAsync).WithJsonBody<CleanupBody>()
            .WithName("cleanupThreads").WithSummary("Delete the threads not updated since a time.").ProducesProblems(507);
        return v1;
    }

    // Streams the thread line by line: the header is read first (so a missing thread is a 404 problem), then the
    // messages one page at a time up to the header's lastSeq, each page flushed before the next is read, so
    // memory stays constant however long the thread; then the state and the files, one file in memory at a time.
    // A failure after the first line cannot become a problem any more: the response is cut short instead.
    public static async Task ExportAsync(string ns, string id, HttpContext context, IGrainFactory grains, IOptions<ThreadLimitsOptions> limits, CancellationToken cancellationToken)
    {
        var thread = grains.GetThread(ns, id);
        var header = await thread.GetAsync(cancellationToken: cancellationToken);
        var response = context.Response;
        var output = response.BodyWriter;
        response.ContentType = ThreadNdjson.MediaType;
        response.Headers.ContentDisposition = $"attachment; filename=\"{id}.ndjson\"";
        ThreadNdjson.WriteThread(output, header);
        await output.FlushAsync(cancellationToken);

        var query = new MessageQuery { Limit = limits.Value.MaxPageSize, Before = header.LastSeq + 1 };
        while (true)
        {
            var page = await thread.GetMessagesAsync(query, cancellationToken);
            foreach (var message in page.Messages)
            {
                ThreadNdjson.WriteMessage(output, message);
            }

            await output.FlushAsync(cancellationToken);
            if (page.NextCursor is null)
            {
                break;
            }

            query = query with { Cursor = page.NextCursor };
        }

        ThreadNdjson.WriteState(output, await thread.GetStateAsync(cancellationToken));
        foreach (var info in (await thread.ListFilesAsync(cancellationToken)).Files)
        {
            ThreadNdjson.WriteFile(output, await thread.GetFileAsync(info.Filename, cancellationToken));
            await output.FlushAsync(cancellationToken);
        }

        await output.FlushAsync(cancellationToken);
    }

    public static async Task<Created<ThreadInfo>> ImportAsync(
        string ns, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        Identifiers.RequireNamespace(ns);
        var import = await ThreadNdjson.ReadAsync(request.Body, cancellationToken);

        // The export's id is the new thread's; its namespace is the one in the path, so a thread moves between namespaces.
        var thread = await grains.GetThread(ns, import.Thread.Id).ImportAsync(import, cancellationToken);
        request.HttpContext.Response.Headers.ETag = ETags.Format(thread.Version);
        return TypedResults.Created(ThreadsApi.LocationOf(thread), thread);
    }

    public static async Task<Ok<CleanupResult>> CleanupAsync(string ns, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync(request, ThreadsJsonContext.Default.CleanupBody, cancellationToken);
        Identifiers.RequireIdIfPresent(body.ResourceId, "resourceId");
        var index = grains.GetResourceIndex(ns, body.ResourceId ?? IResourceIndexGrain.AllResources);
        return TypedResults.Ok(await index.CleanupAsync(new CleanupRequest { UpdatedBefore = body.UpdatedBefore, DryRun = body.DryRun ?? false }, cancellationToken));
    }
}
