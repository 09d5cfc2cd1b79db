using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Threads.Grains;
using Threads.Grains.Catalog;
using Threads.Grains.Threads;
using Threads.Silo.Apis.Bodies;
using Threads.Silo.Apis.Concurrency;
using Threads.Silo.Apis.OpenApi;
using Threads.Silo.Apis.Queries;

namespace Threads.Silo.Apis;

/// <summary>The State section of API.md: a namespace's state schemas and a thread's state, versioned by ETag.</summary>
internal static class StateApi
{
    public const string MergePatchMediaType = "application/merge-patch+json";

    public static RouteGroupBuilder MapState(this RouteGroupBuilder v1)
    {
        var state = v1.MapGroup(string.Empty).WithTags(ApiTags.State);
        state.MapPut("/schemas/{schemaId}", PutSchemaAsync).WithJsonBody<System.Text.Json.JsonElement>()
            .WithName("putStateSchema").WithSummary("Register or replace a state schema (a JSON Schema document).")
            .ProducesProblems(507).WithResponseHeaders(StatusCodes.Status200OK, ResponseHeadersOperationTransformer.ETag);
        state.MapGet("/schemas", ListSchemasAsync)
            .WithName("listStateSchemas").WithSummary("List the namespace's state schemas by id.")
            .WithParameters(ApiParameters.Limit, ApiParameters.Cursor);
        state.MapGet("/schemas/{schemaId}", GetSchemaAsync)
            .WithName("getStateSchema").WithSummary("Read a state schema.").ProducesProblems(404).WithResponseHeaders(StatusCodes.Status200OK, ResponseHeadersOperationTransformer.ETag);
        state.MapDelete("/schemas/{schemaId}", DeleteSchemaAsync)
            .WithName("deleteStateSchema").WithSummary("Delete a state schema (threads that name it refuse state changes until it is registered again).")
            .ProducesProblems(404, 507);
        state.MapGet("/threads/{id}/state", GetAsync)
            .WithName("getState").WithSummary("Read a thread's state and its version.").ProducesProblems(404)
            .WithResponseHeaders(StatusCodes.Status200OK, ResponseHeadersOperationTransformer.ETag);
        state.MapPut("/threads/{id}/state", ReplaceAsync).WithJsonBody<StateBody>()
            .WithName("replaceState").WithSummary("Replace a thread's state.")
            .WithParameters(ApiParameters.IfMatch).ProducesProblems(404, 412, 413, 422, 423, 507).WithResponseHeaders(StatusCodes.Status200OK, ResponseHeadersOperationTransformer.ETag);
        state.MapPatch("/threads/{id}/state", PatchAsync).WithJsonBody<System.Text.Json.JsonElement>(mediaType: MergePatchMediaType)
            .WithName("patchState").WithSummary("Merge an RFC 7396 patch into a thread's state.")
            .WithParameters(ApiParameters.IfMatch).ProducesProblems(404, 412, 413, 415, 422, 423, 507).WithResponseHeaders(StatusCodes.Status200OK, ResponseHeadersOperationTransformer.ETag);
        return v1;
    }

    public static async Task<Ok<StateSchemaInfo>> PutSchemaAsync(string ns, string schemaId, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        ValidSchemaId(schemaId);
        var schema = grains.GetStateSchema(ns, schemaId);
        var document = JsonBody.ParseElement(await JsonBody.ReadBytesAsync(request, cancellationToken));
        return WithETag(request, await schema.PutAsync(document, cancellationToken));
    }

    public static async Task<Ok<StateSchemaInfo>> GetSchemaAsync(string ns, string schemaId, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken) =>
        WithETag(request, await grains.GetStateSchema(ns, ValidSchemaId(schemaId)).GetAsync(cancellationToken));

    private static string ValidSchemaId(string schemaId) => Identifiers.RequireId(schemaId, ApiParameters.SchemaId.Name);

    public static async Task<Ok<StateSchemaPage>> ListSchemasAsync(
        string ns, HttpRequest request, IGrainFactory grains, IOptions<ThreadLimitsOptions> limits, CancellationToken cancellationToken)
    {
        GrainKeys.OfNamespace(ns);
        var (limit, after) = KeyPages.Read(request.Query, limits.Value);
        var schemas = await grains.GetGrain<ICatalogGrain>(ICatalogGrain.Key).ListSchemasAsync(ns, after, limit + 1, cancellationToken);
        var page = schemas.Take(limit).ToList();
        return TypedResults.Ok(new StateSchemaPage(page, schemas.Count > limit ? KeyPages.Cursor(page[^1].Id) : null));
    }

    public static async Task<NoContent> DeleteSchemaAsync(string ns, string schemaId, IGrainFactory grains, CancellationToken cancellationToken)
    {
        await grains.GetStateSchema(ns, ValidSchemaId(schemaId)).DeleteAsync(cancellationToken);
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
        var body = await JsonBody.ReadAsync(request, SiloJsonContext.Contract.StateBody, cancellationToken);
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
