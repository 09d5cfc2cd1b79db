using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Threads.Grains;
using Threads.Grains.Search.Internal;
using Threads.Silo.Apis.Concurrency;
using Threads.Silo.Apis.Events;
using Threads.Silo.Apis.Queries;

namespace Threads.Silo.Apis.OpenApi;

/// <summary>Every parameter of the API, declared once: the handlers read these names and the document describes them.</summary>
internal static class ApiParameters
{
    /// <summary>The page size when <c>limit</c> is absent.</summary>
    public const int DefaultPageSize = 20;

    public static readonly ApiParameter Namespace = new(
        "ns", ParameterLocation.Path, "The namespace (a tenant, an environment); a bad one is a 400 naming `namespace`.", static _ => Id(Identifiers.NamespacePattern, Identifiers.MaxNamespaceLength));

    public static readonly ApiParameter ThreadId = new("id", ParameterLocation.Path, "The thread.", static _ => Id());

    public static readonly ApiParameter ResourceId = new("resourceId", ParameterLocation.Path, "The resource (a project, a document, an agent).", static _ => Id());

    public static readonly ApiParameter RunId = new("runId", ParameterLocation.Path, "The run.", static _ => Id());

    public static readonly ApiParameter SchemaId = new("schemaId", ParameterLocation.Path, "The state schema.", static _ => Id());

    public static readonly ApiParameter Filename = new(
        "filename",
        ParameterLocation.Path,
        "The file's name, percent-encoded once: 1-255 characters, none of `/`, `\\` or a control character, not `.` or `..`.",
        static _ => new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = Filenames.MaxLength, Pattern = Filenames.Pattern });

    public static readonly ApiParameter Limit = new(
        "limit", ParameterLocation.Query, "How many items a page holds.", static limits => Integer(1, limits.MaxPageSize, DefaultPageSize));

    public static readonly ApiParameter Cursor = new(
        "cursor", ParameterLocation.Query, "Where the page starts: the `nextCursor` of the page before, opaque; give the same filters with it.", static _ => Text());

    public static readonly ApiParameter Order = new(
        "order", ParameterLocation.Query, "Oldest first (`asc`) or newest first (`desc`).", static _ => Enum([QueryValues.Ascending, QueryValues.Descending], QueryValues.Ascending));

    public static readonly ApiParameter After = new("after", ParameterLocation.Query, "Only messages with a greater `seq`.", static _ => Long(0));

    public static readonly ApiParameter Before = new("before", ParameterLocation.Query, "Only messages with a smaller `seq`.", static _ => Long(0));

    public static readonly ApiParameter RunIdFilter = new("runId", ParameterLocation.Query, "Only messages of this run.", static _ => Id());

    public static readonly ApiParameter ResourceIdFilter = new("resourceId", ParameterLocation.Query, "Only this resource's threads; absent, every resource's.", static _ => Id());

    public static readonly ApiParameter UserIdFilter = new("userId", ParameterLocation.Query, "Only this user's threads.", static _ => Id());

    public static readonly ApiParameter ThreadIdFilter = new("threadId", ParameterLocation.Query, "Only this thread's messages.", static _ => Id());

    public static readonly ApiParameter IncludeHidden = new("includeHidden", ParameterLocation.Query, "Include hidden (forked sub-agent) threads.", static _ => Boolean(false));

    public static readonly ApiParameter Archived = new(
        "archived", ParameterLocation.Query, "Only archived (`true`) or only live (`false`) threads; absent, both.", static _ => new OpenApiSchema { Type = JsonSchemaType.Boolean });

    public static readonly ApiParameter UpdatedAfter = new("updatedAfter", ParameterLocation.Query, "Only threads updated strictly after this time.", static _ => Time());

    public static readonly ApiParameter UpdatedBefore = new("updatedBefore", ParameterLocation.Query, "Only threads updated strictly before this time.", static _ => Time());

    public static readonly ApiParameter LastMessages = new(
        "messages", ParameterLocation.Query, "Also answer the thread's last N messages, oldest first; 0 adds none.", static limits => Integer(0, limits.MaxPageSize, 0));

    public static readonly ApiParameter IfUpdatedBefore = new(
        "ifUpdatedBefore", ParameterLocation.Query, "Delete only if the thread was last updated strictly before this time, else 412.", static _ => Time());

    public static readonly ApiParameter RunStatusFilter = new(
        "status", ParameterLocation.Query, "Only runs in this state.", static _ => Enum([.. RunsApi.Statuses.Keys]));

    public static readonly ApiParameter Q = new(
        "q",
        ParameterLocation.Query,
        "The words to find, all of which must match; `\"a phrase\"`, `prefix*`.",
        static _ => new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = SearchExpression.MaxLength },
        Required: true);

    public static readonly ApiParameter Role = new(
        "role", ParameterLocation.Query, "Only messages of this role.", static _ => Enum([.. MessageRole.Known.Select(static r => r.Value)]));

    public static readonly ApiParameter LastEventIdQuery = new(
        "lastEventId", ParameterLocation.Query, "As the `Last-Event-ID` header, for clients that cannot set it; the header wins.", static _ => Long(0));

    public static readonly ApiParameter IdempotencyKey = new(
        IdempotentPosts.HeaderName,
        ParameterLocation.Header,
        "Makes a retry safe: the same key with the same request within the idempotency window answers the first result; with another request, 409.",
        static _ => new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = IdempotentPosts.MaxKeyLength, Pattern = IdempotentPosts.KeyPattern });

    public static readonly ApiParameter IfMatch = new(
        "If-Match",
        ParameterLocation.Header,
        "Apply only to this version: one strong ETag such as `\"3\"`, or `*`; a stale one is a 412.",
        static _ => new OpenApiSchema { Type = JsonSchemaType.String, Pattern = ETags.IfMatchPattern });

    public static readonly ApiParameter LockToken = new(
        LockTokens.HeaderName,
        ParameterLocation.Header,
        "The token of the thread's lock: writes to a locked thread need the current one, else 423.",
        static _ => new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64", Minimum = "1" });

    public static readonly ApiParameter RequiredLockToken = LockToken with { Required = true, Description = "The token of the lock to release." };

    public static readonly ApiParameter LastEventId = new(
        ServerSentEvents.LastEventIdHeaderName, ParameterLocation.Header, "Resume after this event: the kept events after it are replayed first.", static _ => Long(0));

    private static OpenApiSchema Id(string pattern = Identifiers.IdPattern, int maxLength = Identifiers.MaxIdLength) =>
        new() { Type = JsonSchemaType.String, MaxLength = maxLength, Pattern = pattern };

    private static OpenApiSchema Text() => new() { Type = JsonSchemaType.String };

    private static OpenApiSchema Time() => new() { Type = JsonSchemaType.String, Format = "date-time" };

    private static OpenApiSchema Boolean(bool @default) => new() { Type = JsonSchemaType.Boolean, Default = JsonValue.Create(@default) };

    private static OpenApiSchema Long(long minimum) =>
        new() { Type = JsonSchemaType.Integer, Format = "int64", Minimum = minimum.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    private static OpenApiSchema Integer(int minimum, int maximum, int @default) => new()
    {
        Type = JsonSchemaType.Integer,
        Format = "int32",
        Minimum = minimum.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Maximum = maximum.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Default = JsonValue.Create(@default),
    };

    private static OpenApiSchema Enum(IReadOnlyList<string> values, string? @default = null) => new()
    {
        Type = JsonSchemaType.String,
        Enum = [.. values.Select(static v => (JsonNode)JsonValue.Create(v))],
        Default = @default is null ? null : JsonValue.Create(@default),
    };
}
