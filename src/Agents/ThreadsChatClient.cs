using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Threads.Agents.Internal;
using Threads.Grains;

namespace Threads.Agents;

/// <summary>
/// A chat client middleware that keeps the conversation in a thread: a call whose <see cref="ChatOptions.ConversationId"/>
/// names a thread gives the inner client that thread's history followed by the new messages, then appends the new
/// messages and the response in one atomic append. A call without one starts a new thread, whose id the response
/// carries in <see cref="ChatResponse.ConversationId"/>.
/// </summary>
public sealed class ThreadsChatClient : DelegatingChatClient
{
    private readonly IThreadsClient _threads;
    private readonly ThreadsChatClientOptions _options;
    private readonly ThreadHistory _history = new();

    /// <summary>Creates the middleware over <paramref name="innerClient"/>.</summary>
    public ThreadsChatClient(IChatClient innerClient, IThreadsClient threads, ThreadsChatClientOptions options)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(threads);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _threads = threads;
        _options = options;
    }

    /// <inheritdoc/>
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var turn = await BeginAsync(messages, options, cancellationToken).ConfigureAwait(false);
        var response = await base.GetResponseAsync(turn.Prompt, turn.InnerOptions, cancellationToken).ConfigureAwait(false);
        await turn.EndAsync(response.Messages, cancellationToken).ConfigureAwait(false);
        response.ConversationId = turn.ThreadId;
        return response;
    }

    /// <inheritdoc/>
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var turn = await BeginAsync(messages, options, cancellationToken).ConfigureAwait(false);
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in base.GetStreamingResponseAsync(turn.Prompt, turn.InnerOptions, cancellationToken).ConfigureAwait(false))
        {
            updates.Add(update);
            update.ConversationId = turn.ThreadId;
            yield return update;
        }

        // Only a stream that completed is kept: one that failed part-way has thrown out of the loop above.
        await turn.EndAsync(updates.ToChatResponse().Messages, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Turn> BeginAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        var incoming = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        var key = options?.AdditionalProperties?.TryGetValue(ThreadsChatClientOptions.IdempotencyKeyProperty, out var value) == true && value is string given
            ? given
            : Guid.NewGuid().ToString("N");
        var innerOptions = options?.Clone();
        if (innerOptions is not null)
        {
            // The conversation is ours: the inner client is stateless and is given the whole window.
            innerOptions.ConversationId = null;
        }

        if (options?.ConversationId is not { } threadId)
        {
            return new Turn(this, Identifiers.NewThreadId(), isNew: true, incoming, incoming, innerOptions, key);
        }

        List<ChatMessage> history;
        using (ThreadsRequestContext.ActAsUser(_options.UserId))
        {
            history = await _history.ReadAsync(_threads, threadId, _options, cancellationToken).ConfigureAwait(false);
        }

        history.AddRange(incoming);
        return new Turn(this, threadId, isNew: false, history, incoming, innerOptions, key);
    }

    private sealed class Turn(
        ThreadsChatClient owner, string threadId, bool isNew, IEnumerable<ChatMessage> prompt, IReadOnlyList<ChatMessage> incoming, ChatOptions? innerOptions, string idempotencyKey)
    {
        public string ThreadId => threadId;

        public IEnumerable<ChatMessage> Prompt => prompt;

        public ChatOptions? InnerOptions => innerOptions;

        public async Task EndAsync(IList<ChatMessage> response, CancellationToken cancellationToken)
        {
            var options = owner._options;
            var messages = new List<NewMessage>(incoming.Count + response.Count);
            foreach (var message in incoming.Concat(response))
            {
                var stored = ThreadsContent.ToNewMessage(message, options.UserId);
                if (stored.Content.Count > 0)
                {
                    messages.Add(stored);
                }
            }

            var thread = owner._threads.GetThread(options.Namespace, threadId);
            using var user = ThreadsRequestContext.ActAsUser(options.UserId);
            if (!isNew)
            {
                await thread.AppendAsync(new AppendMessagesRequest { Messages = messages }, idempotencyKey, cancellationToken).ConfigureAwait(false);
                return;
            }

            try
            {
                await thread.CreateAsync(
                    new CreateThreadRequest { ResourceId = options.ResourceId, UserId = options.UserId, Title = options.Title, Messages = messages },
                    cancellationToken).ConfigureAwait(false);
            }
            catch (AlreadyExistsException)
            {
                // The id was made for this call: a create that exists already is this call's own, retried after its
                // answer was lost, and the turn is in it.
            }
        }
    }
}
