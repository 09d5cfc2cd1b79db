using System.Text.Json;

namespace Threads.Grains.Http;

/// <summary>The body of <c>POST /threads</c>: a <see cref="CreateThreadRequest"/> with the thread's id, which in the grain is its key.</summary>
public sealed record CreateThreadBody
{
    /// <summary>The new thread's id; the silo generates one when absent.</summary>
    public string? Id { get; init; }

    /// <summary>The resource the thread belongs to.</summary>
    public string? ResourceId { get; init; }

    /// <summary>The user the thread belongs to.</summary>
    public string? UserId { get; init; }

    /// <summary>The thread's title.</summary>
    public string? Title { get; init; }

    /// <summary>The thread's metadata.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>Whether lists leave the thread out unless asked; absent is <see langword="false"/>.</summary>
    public bool? Hidden { get; init; }

    /// <summary>The schema the thread's state follows.</summary>
    public string? StateSchemaId { get; init; }

    /// <summary>The thread's first state.</summary>
    public JsonElement? State { get; init; }

    /// <summary>The thread's first messages.</summary>
    public IReadOnlyList<NewMessage>? Messages { get; init; }

    /// <summary>The body of a request to create the thread <paramref name="id"/>.</summary>
    public static CreateThreadBody From(string id, CreateThreadRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new()
        {
            Id = id,
            ResourceId = request.ResourceId,
            UserId = request.UserId,
            Title = request.Title,
            Metadata = request.Metadata,
            Hidden = request.Hidden,
            Messages = request.Messages,
            StateSchemaId = request.StateSchemaId,
            State = request.State,
        };
    }

    /// <summary>The grain's request: everything but the id, which is the grain's key.</summary>
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
