using System.Text.Json;

namespace Threads.Silo.Tests.Events;

/// <summary>One event as a stream sent it: its <c>id:</c>, its <c>event:</c> and its <c>data:</c> JSON.</summary>
public sealed record SentEvent(long Id, string Type, JsonElement Data);
