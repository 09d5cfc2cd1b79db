using System.Text.Json;

namespace Threads.Silo.Apis.Bodies;

/// <summary>The body of <c>PUT /threads/{id}/state</c>: the new state object.</summary>
internal sealed record StateBody
{
    public required JsonElement State { get; init; }
}
