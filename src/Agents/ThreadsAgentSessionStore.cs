using System.Text.Json;
using Microsoft.Agents.AI;
using Threads.Agents.Internal;
using Threads.Grains;

namespace Threads.Agents;

/// <summary>
/// Agent sessions kept in Threads: the session whose id is a thread's id is that thread. Its history is the thread's
/// messages (through <see cref="ThreadsChatHistoryProvider"/>), the rest of its state the thread's file
/// <see cref="SessionFileName"/>, so <c>agent.RunAsync(…, session)</c> resumes the same conversation after a restart.
/// </summary>
public sealed class ThreadsAgentSessionStore : AgentSessionStore
{
    /// <summary>The thread file that holds the session's serialized state.</summary>
    public const string SessionFileName = "agent-session.json";

    private readonly IThreadsClient _threads;
    private readonly ThreadsHistoryOptions _options;

    /// <summary>Creates the store over <paramref name="threads"/>; new threads get the options' resource, user and title.</summary>
    public ThreadsAgentSessionStore(IThreadsClient threads, ThreadsHistoryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(threads);
        _options = options ?? new ThreadsHistoryOptions();
        _options.Validate();
        _threads = threads;
    }

    /// <inheritdoc/>
    public override async ValueTask<AgentSession?> GetSessionAsync(AIAgent agent, AgentSessionStoreKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        var thread = Thread(key);
        using var user = ThreadsRequestContext.ActAsUser(_options.UserId);
        ThreadFile file;
        try
        {
            file = await thread.GetFileAsync(SessionFileName, cancellationToken).ConfigureAwait(false);
        }
        catch (NotFoundException)
        {
            // Either the thread is not there (no session) or it has no saved state yet (a fresh session over it).
            return await ThreadExistsAsync(thread, cancellationToken).ConfigureAwait(false)
                ? await NewSessionAsync(agent, key.SessionId, cancellationToken).ConfigureAwait(false)
                : null;
        }

        using var document = JsonDocument.Parse(file.Content);
        var session = await agent.DeserializeSessionAsync(document.RootElement, cancellationToken: cancellationToken).ConfigureAwait(false);
        ThreadsChatHistoryProvider.SetThreadId(session, key.SessionId);
        return session;
    }

    /// <inheritdoc/>
    public override async ValueTask<AgentSession> GetOrCreateSessionAsync(AIAgent agent, AgentSessionStoreKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        if (await GetSessionAsync(agent, key, cancellationToken).ConfigureAwait(false) is { } stored)
        {
            return stored;
        }

        using (ThreadsRequestContext.ActAsUser(_options.UserId))
        {
            try
            {
                await Thread(key).CreateAsync(
                    new CreateThreadRequest { ResourceId = _options.ResourceId, UserId = _options.UserId, Title = _options.Title }, cancellationToken).ConfigureAwait(false);
            }
            catch (AlreadyExistsException)
            {
                // Another host created it between the read and the create: the session is that thread all the same.
            }
        }

        return await NewSessionAsync(agent, key.SessionId, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override async ValueTask SaveSessionAsync(AIAgent agent, AgentSessionStoreKey key, AgentSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(session);
        var thread = Thread(key);
        ThreadsChatHistoryProvider.SetThreadId(session, key.SessionId);
        var state = await agent.SerializeSessionAsync(session, cancellationToken: cancellationToken).ConfigureAwait(false);
        using var user = ThreadsRequestContext.ActAsUser(_options.UserId);
        await thread.PutFileAsync(SessionFileName, "application/json", JsonSerializer.SerializeToUtf8Bytes(state, SessionJson.Default.JsonElement), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override async ValueTask DeleteSessionAsync(AIAgent agent, AgentSessionStoreKey key, CancellationToken cancellationToken = default)
    {
        var thread = Thread(key);
        using var user = ThreadsRequestContext.ActAsUser(_options.UserId);
        try
        {
            await thread.DeleteAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (NotFoundException)
        {
            // Deleting what is not there leaves it not there.
        }
    }

    private IThreadGrain Thread(AgentSessionStoreKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _threads.GetThread(_options.Namespace, key.SessionId);
    }

    private static async Task<bool> ThreadExistsAsync(IThreadGrain thread, CancellationToken cancellationToken)
    {
        try
        {
            await thread.GetAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (NotFoundException)
        {
            return false;
        }
    }

    private static async ValueTask<AgentSession> NewSessionAsync(AIAgent agent, string threadId, CancellationToken cancellationToken)
    {
        var session = await agent.CreateSessionAsync(cancellationToken).ConfigureAwait(false);
        ThreadsChatHistoryProvider.SetThreadId(session, threadId);
        return session;
    }
}
