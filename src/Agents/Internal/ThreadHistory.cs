using System.Collections.Concurrent;
using Microsoft.Extensions.AI;
using Threads.Grains;

namespace Threads.Agents.Internal;

/// <summary>Reads the window of a thread's history that the model is given, oldest first.</summary>
/// <remarks>
/// The system messages that open a thread lie outside the cached tail of a long thread, so reading them is a store read;
/// they never change once written (a log is append-only), so each instance keeps them per thread, for a bounded
/// number of threads.
/// </remarks>
internal sealed class ThreadHistory
{
    private const int PageSize = 200;
    private const int LeadingSystemMessages = 20;
    private const int RememberedThreads = 4096;

    private readonly ConcurrentDictionary<string, ThreadMessage[]> _leadingSystem = new(StringComparer.Ordinal);

    public async Task<List<ChatMessage>> ReadAsync(IThreadsClient threads, string threadId, ThreadsHistoryOptions options, CancellationToken cancellationToken)
    {
        var thread = threads.GetThread(options.Namespace, threadId);
        var key = GrainKeys.Of(options.Namespace, threadId);
        var newest = new List<ThreadMessage>(Math.Min(options.HistoryLimit, PageSize));
        var budget = options.TokenBudget ?? int.MaxValue;
        var reachedStart = false;
        string? cursor = null;
        var window = new List<ChatMessage>();
        while (newest.Count < options.HistoryLimit)
        {
            var page = await thread.GetMessagesAsync(
                new MessageQuery { Limit = Math.Min(PageSize, options.HistoryLimit - newest.Count), Order = SortOrder.Descending, Cursor = cursor },
                cancellationToken).ConfigureAwait(false);
            foreach (var message in page.Messages)
            {
                var chat = ThreadsContent.ToChatMessage(message);
                if (options.TokenBudget is not null)
                {
                    var tokens = options.CountTokens(chat);
                    if (tokens > budget && window.Count > 0)
                    {
                        return await WithLeadingSystemMessagesAsync(thread, key, options, window, newest[^1].Seq, cancellationToken).ConfigureAwait(false);
                    }

                    budget -= tokens;
                }

                newest.Add(message);
                window.Add(chat);
                reachedStart = message.Seq == 1;
            }

            if (page.NextCursor is null || page.Messages.Count == 0)
            {
                reachedStart = true;
                break;
            }

            cursor = page.NextCursor;
        }

        return reachedStart
            ? Reversed(window)
            : await WithLeadingSystemMessagesAsync(thread, key, options, window, newest[^1].Seq, cancellationToken).ConfigureAwait(false);
    }

    private static List<ChatMessage> Reversed(List<ChatMessage> window)
    {
        window.Reverse();
        return window;
    }

    /// <summary>The window, oldest first, after the system messages that open the thread and fell outside it.</summary>
    private async Task<List<ChatMessage>> WithLeadingSystemMessagesAsync(
        IThreadGrain thread, string key, ThreadsHistoryOptions options, List<ChatMessage> window, long oldestSeq, CancellationToken cancellationToken)
    {
        window.Reverse();
        if (!options.KeepSystemMessages || oldestSeq == 1)
        {
            return window;
        }

        if (!_leadingSystem.TryGetValue(key, out var opening))
        {
            var first = await thread.GetMessagesAsync(
                new MessageQuery { Limit = LeadingSystemMessages, Before = oldestSeq }, cancellationToken).ConfigureAwait(false);
            opening = [.. first.Messages.TakeWhile(static m => m.Role == MessageRole.System)];
            if (_leadingSystem.Count >= RememberedThreads)
            {
                _leadingSystem.Clear();
            }

            _leadingSystem[key] = opening;
        }

        var leading = opening.Where(m => m.Seq < oldestSeq).Select(ThreadsContent.ToChatMessage).ToList();
        if (leading.Count == 0)
        {
            return window;
        }

        leading.AddRange(window);
        return leading;
    }
}
