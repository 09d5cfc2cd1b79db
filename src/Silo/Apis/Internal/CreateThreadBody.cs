using System.Text.Json;
using Threads.Grains;

namespace Threads.Silo.Apis.Internal;

/// <summary>The body of <c>POST /threads</c>: a <see cref="CreateThreadRequest"/> with the thread's id, which in the grain is its key.</summary>
internal sealed record CreateThreadBody
{
    public string? Id { get; init; }

    public string? ResourceId { get; init; }

    public string? UserId { get; init; }

    public string? Title { get; init; }

    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    public bool? Hidden { get; init; }

    public string? StateSchemaId { get; init; }

    public JsonElement? State { get; init; }

    public IReadOnlyList<NewMessage>? Messages { get; init; }

    public CreateThreadRequest ToRequest() =>
        new()
        {
            ResourceId = ResourceId,
            UserId = UserId,
            Title = Title,
            Metadata = Metadata,
            Hidden = Hidden ?? false,
            Messages = Messages,
            StateSchemaId = StateSchemaId,
            State = State,
        };
}
