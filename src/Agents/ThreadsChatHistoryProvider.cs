using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;
using Threads.Agents.Internal;
using Threads.Grains;

namespace Threads.Agents;

/// <summary>
/// Keeps a Microsoft Agent Framework agent's chat history in a thread: the session's state holds the thread's id, each
/// run is given the thread's window and appends its request and response messages in one atomic append. A session
/// without a thread gets one at the end of its first run.
/// </summary>
public sealed class ThreadsChatHistoryProvider : ChatHistoryProvider
{
    /// <summary>The session state key that holds the thread's id.</summary>
    public const string ThreadIdStateKey = "threads.threadId";

    private static readonly IReadOnlyList<string> s_stateKeys = [ThreadIdStateKey];

    private readonly IThreadsClient _threads;
    private readonly ThreadsHistoryOptions _options;
    private readonly ThreadHistory _history = new();

    /// <summary>Creates the provider over <paramref name="threads"/>.</summary>
    public ThreadsChatHistoryProvider(IThreadsClient threads, ThreadsHistoryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(threads);
        _options = options ?? new ThreadsHistoryOptions();
        _options.Validate();
        _threads = threads;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<string> StateKeys => s_stateKeys;

    /// <summary>The id of the thread that holds <paramref name="session"/>'s history, or null before its first run.</summary>
    public static string? GetThreadId(AgentSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return session.StateBag.TryGetValue<string>(ThreadIdStateKey, out var threadId) ? threadId : null;
    }

    /// <summary>Makes <paramref name="session"/>'s history the thread <paramref name="threadId"/>.</summary>
    public static void SetThreadId(AgentSession session, string threadId)
    {
        ArgumentNullException.ThrowIfNull(session);
        Identifiers.RequireId(threadId, "threadId");
        session.StateBag.SetValue(ThreadIdStateKey, threadId);
    }

    /// <inheritdoc/>
    protected override async ValueTask<IEnumerable<ChatMessage>> ProvideChatHistoryAsync(InvokingContext context, CancellationToken cancellationToken = default)
    {
        if (context.Session is not { } session || GetThreadId(session) is not { } threadId)
        {
            return [];
        }

        using var user = ThreadsRequestContext.ActAsUser(_options.UserId);
        return await _history.ReadAsync(_threads, threadId, _options, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    protected override async ValueTask StoreChatHistoryAsync(InvokedContext context, CancellationToken cancellationToken = default)
    {
        var messages = context.RequestMessages.Concat(context.ResponseMessages ?? [])
            .Select(m => ThreadsContent.ToNewMessage(m, _options.UserId))
            .Where(static m => m.Content.Count > 0)
            .ToList();
        using var user = ThreadsRequestContext.ActAsUser(_options.UserId);
        if (context.Session is { } session && GetThreadId(session) is { } threadId)
        {
            await _threads.GetThread(_options.Namespace, threadId)
                .AppendAsync(new AppendMessagesRequest { Messages = messages }, Guid.NewGuid().ToString("N"), cancellationToken).ConfigureAwait(false);
            return;
        }

        var created = await _threads.GetThread(_options.Namespace, Identifiers.NewThreadId())
            .CreateAsync(new CreateThreadRequest { ResourceId = _options.ResourceId, UserId = _options.UserId, Title = _options.Title, Messages = messages }, cancellationToken)
            .ConfigureAwait(false);
        if (context.Session is { } newSession)
        {
            SetThreadId(newSession, created.Id);
        }
    }
}
