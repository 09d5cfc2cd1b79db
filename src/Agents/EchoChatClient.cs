using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace Threads.Agents;

/// <summary>
/// An offline stand-in for a language model, for trying Threads where no model is reachable: it knows only what the
/// conversation it is given says. "My name is X" and "I like Y" are facts; "What is my name?" and "What do I like?" are
/// answered from the latest statement of them; anything else is echoed back.
/// </summary>
public sealed partial class EchoChatClient : IChatClient
{
    /// <summary>The model id it reports.</summary>
    public const string ModelId = "echo";

    /// <inheritdoc/>
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var history = messages.ToList();
        var question = history.LastOrDefault(static m => m.Role == ChatRole.User)?.Text ?? string.Empty;
        var answer = question switch
        {
            _ when question.Contains("What is my name?", StringComparison.OrdinalIgnoreCase) =>
                Fact(history, NameRegex()) is { } name ? $"Your name is {name}." : "I don't know your name.",
            _ when question.Contains("What do I like?", StringComparison.OrdinalIgnoreCase) =>
                Fact(history, LikeRegex()) is { } like ? $"You like {like}." : "I don't know what you like.",
            _ => $"You said: {question}",
        };
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, answer)) { ModelId = ModelId });
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var update in (await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false)).ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    /// <inheritdoc/>
    public object? GetService(Type serviceType, object? serviceKey = null) => serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    /// <inheritdoc/>
    public void Dispose()
    {
    }

    /// <summary>The latest statement of the fact among the user's messages.</summary>
    private static string? Fact(List<ChatMessage> history, Regex pattern) =>
        history.Where(static m => m.Role == ChatRole.User)
            .Select(m => pattern.Match(m.Text))
            .LastOrDefault(static m => m.Success)?.Groups[1].Value;

    [GeneratedRegex(@"my name is (\w+)", RegexOptions.IgnoreCase)]
    private static partial Regex NameRegex();

    [GeneratedRegex(@"I like (\w+)", RegexOptions.IgnoreCase)]
    private static partial Regex LikeRegex();
}
