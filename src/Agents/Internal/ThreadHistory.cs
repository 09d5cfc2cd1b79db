using Microsoft.Extensions.AI;
using Threads.Grains;

namespace Threads.Agents.Internal;

/// <summary>Reads the window of a thread's history that the model is given, oldest first.</summary>
internal static class ThreadHistory
{
    private const int PageSize = 200;
    private const int LeadingSystemMessages = 20;

    public static async Task<List<ChatMessage>> ReadAsync(IThreadGrain thread, ThreadsHistoryOptions options, CancellationToken cancellationToken)
    {
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
                        return await WithLeadingSystemMessagesAsync(thread, options, window, newest[^1].Seq, cancellationToken).ConfigureAwait(false);
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
            : await WithLeadingSystemMessagesAsync(thread, options, window, newest[^1].Seq, cancellationToken).ConfigureAwait(false);
    }

    private static List<ChatMessage> Reversed(List<ChatMessage> window)
    {
        window.Reverse();
        return window;
    }

    /// <summary>The window, oldest first, after the system messages that open the thread and fell outside it.</summary>
    private static async Task<List<ChatMessage>> WithLeadingSystemMessagesAsync(
        IThreadGrain thread, ThreadsHistoryOptions options, List<ChatMessage> window, long oldestSeq, CancellationToken cancellationToken)
    {
        window.Reverse();
        if (!options.KeepSystemMessages || oldestSeq == 1)
        {
            return window;
        }

        var first = await thread.GetMessagesAsync(
            new MessageQuery { Limit = LeadingSystemMessages, Before = oldestSeq }, cancellationToken).ConfigureAwait(false);
        var leading = first.Messages.TakeWhile(static m => m.Role == MessageRole.System).Select(ThreadsContent.ToChatMessage).ToList();
        if (leading.Count == 0)
        {
            return window;
        }

        leading.AddRange(window);
        return leading;
    }
}
