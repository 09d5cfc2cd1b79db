namespace Threads.Agents;

/// <summary>Options of the <see cref="ThreadsChatClient"/> middleware.</summary>
public sealed class ThreadsChatClientOptions : ThreadsHistoryOptions
{
    /// <summary>
    /// The <see cref="Microsoft.Extensions.AI.ChatOptions.AdditionalProperties"/> key whose string value is the call's
    /// idempotency key: a call repeated with the same value appends its turn once. Without it each call has a key of its
    /// own, so the HTTP client's retries of one append never double it.
    /// </summary>
    public const string IdempotencyKeyProperty = "threads.idempotencyKey";
}
