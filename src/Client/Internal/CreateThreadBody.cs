using Threads.Grains;

namespace Threads.Client.Internal;

/// <summary>The body of <c>POST /threads</c>: a <see cref="CreateThreadRequest"/> with the thread's id.</summary>
internal sealed record CreateThreadBody(
    string Id,
    string? ResourceId,
    string? UserId,
    string? Title,
    IReadOnlyDictionary<string, string>? Metadata,
    bool Hidden,
    IReadOnlyList<NewMessage>? Messages,
    string? StateSchemaId,
    System.Text.Json.JsonElement? State);
