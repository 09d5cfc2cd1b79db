using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Threads.Grains;
using Threads.Grains.State;
using Threads.Grains.Storage;
using Threads.Silo.Apis.Internal;

namespace Threads.Silo.Apis;

/// <summary>The State section of API.md: a namespace's state schemas and a thread's state, versioned by ETag.</summary>
internal static class StateApi
{
    public const string MergePatchMediaType = "application/merge-patch+json";

    public static RouteGroupBuilder MapState(this RouteGroupBuilder v1)
    {
        v1.MapPut("/schemas/{schemaId}", PutSchemaAsync).WithJsonBody<System.Text.Json.JsonElement>();
        v1.MapGet("/schemas", ListSchemasAsync);
        v1.MapGet("/schemas/{schemaId}", GetSchemaAsync);
        v1.MapDelete("/schemas/{schemaId}", DeleteSchemaAsync);
        v1.MapGet("/threads/{id}/state", GetAsync);
        v1.MapPut("/threads/{id}/state", ReplaceAsync).WithJsonBody<StateBody>();
        v1.MapPatch("/threads/{id}/state", PatchAsync).WithJsonBody<System.Text.Json.JsonElement>();
        return v1;
    }

    public static async Task<Ok<StateSchemaInfo>> PutSchemaAsync(string ns, string schemaId, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var schema = grains.GetStateSchema(ns, schemaId);
        var document = JsonBody.ParseElement(await JsonBody.ReadBytesAsync(request, cancellationToken));
        return WithETag(request, await schema.PutAsync(document, cancellationToken));
    }

    public static async Task<Ok<StateSchemaInfo>> GetSchemaAsync(string ns, string schemaId, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken) =>
        WithETag(request, await grains.GetStateSchema(ns, schemaId).GetAsync(cancellationToken));

    public static async Task<Ok<StateSchemaPage>> ListSchemasAsync(string ns, HttpRequest request, IThreadStore store, CancellationToken cancellationToken)
    {
        var (limit, after) = KeyPages.Read(request.Query);
        var schemas = await store.ListSchemasAsync(ns, after, limit + 1, cancellationToken);
        var page = schemas.Take(limit).Select(StateSchemaGrain.ToInfo).ToList();
        return TypedResults.Ok(new StateSchemaPage(page, schemas.Count > limit ? KeyPages.Cursor(page[^1].Id) : null));
    }

    public static async Task<NoContent> DeleteSchemaAsync(string ns, string schemaId, IGrainFactory grains, CancellationToken cancellationToken)
    {
        await grains.GetStateSchema(ns, schemaId).DeleteAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<ThreadStateSnapshot>> GetAsync(string ns, string id, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var state = await grains.GetThread(ns, id).GetStateAsync(cancellationToken);
        request.HttpContext.Response.Headers.ETag = ETags.Format(state.Version);
        return TypedResults.Ok(state);
    }

    public static async Task<Ok<StateChangeResult>> ReplaceAsync(string ns, string id, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var thread = grains.GetThread(ns, id);
        var expectedVersion = ETags.ParseIfMatch(request.Headers.IfMatch);
        var body = await JsonBody.ReadAsync(request, SiloJsonContext.Default.StateBody, cancellationToken);
        return WithETag(request, await thread.ReplaceStateAsync(body.State, expectedVersion, cancellationToken));
    }

    public static async Task<Ok<StateChangeResult>> PatchAsync(string ns, string id, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var thread = grains.GetThread(ns, id);
        if (!IsMergePatch(request))
        {
            // 415, not 400: the body may be fine, it is its declared type that is not RFC 7396's.
            throw new BadHttpRequestException($"PATCH of the state takes Content-Type {MergePatchMediaType} (RFC 7396).", StatusCodes.Status415UnsupportedMediaType);
        }

        var expectedVersion = ETags.ParseIfMatch(request.Headers.IfMatch);
        var patch = JsonBody.ParseElement(await JsonBody.ReadBytesAsync(request, cancellationToken));
        return WithETag(request, await thread.PatchStateAsync(patch, expectedVersion, cancellationToken));
    }

    private static bool IsMergePatch(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
        && type.MediaType.Equals(MergePatchMediaType, StringComparison.OrdinalIgnoreCase);

    private static Ok<T> WithETag<T>(HttpRequest request, T value)
        where T : class
    {
        request.HttpContext.Response.Headers.ETag = value switch
        {
            StateChangeResult change => ETags.Format(change.Version),
            StateSchemaInfo schema => ETags.Format(schema.Version),
            _ => throw new InvalidOperationException($"{typeof(T).Name} has no version."),
        };
        return TypedResults.Ok(value);
    }
}
