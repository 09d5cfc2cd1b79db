using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Threads.Agents.Tests;

/// <summary>A model that records what it is given and answers what <see cref="Answer"/> says.</summary>
public sealed class RecordingChatClient : IChatClient
{
    public List<List<ChatMessage>> Calls { get; } = [];

    public List<ChatOptions?> Options { get; } = [];

    /// <summary>The response messages for a call; by default one assistant text "ok".</summary>
    public Func<IReadOnlyList<ChatMessage>, IList<ChatMessage>> Answer { get; set; } = static _ => [new ChatMessage(ChatRole.Assistant, "ok")];

    /// <summary>If set, a stream throws this after its first update.</summary>
    public Exception? FailMidStream { get; set; }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var given = messages.ToList();
        Calls.Add(given);
        Options.Add(options);
        return Task.FromResult(new ChatResponse(Answer(given)));
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken);
        var first = true;
        foreach (var update in response.ToChatResponseUpdates())
        {
            if (!first && FailMidStream is { } failure)
            {
                throw failure;
            }

            first = false;
            yield return update;
        }

        if (FailMidStream is { } late)
        {
            throw late;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
