using Microsoft.Extensions.AI;
using Threads.Grains;

namespace Threads.EndToEnd.Tests;

/// <summary>
/// What a client app does with Threads: keep the conversation in a thread, send the model its recent history with
/// each question, and append both the question and the answer.
/// </summary>
public sealed class ChatAgent(IThreadsClient threads, IChatClient model, string ns)
{
    /// <summary>How many of the newest messages the model is given.</summary>
    public const int HistoryLength = 50;

    /// <summary>Starts a new conversation, or resumes the one with this id.</summary>
    public async Task<string> StartAsync(string? threadId, string? resourceId = null, string? title = null, CancellationToken cancellationToken = default)
    {
        if (threadId is not null)
        {
            await threads.GetThread(ns, threadId).GetAsync(cancellationToken: cancellationToken);
            return threadId;
        }

        var created = await threads.GetThread(ns, Identifiers.NewThreadId())
            .CreateAsync(new CreateThreadRequest { ResourceId = resourceId, Title = title }, cancellationToken);
        return created.Id;
    }

    /// <summary>Asks the model in the thread and keeps both messages.</summary>
    public async Task<string> AskAsync(string threadId, string text, string? userId = null, CancellationToken cancellationToken = default)
    {
        var thread = threads.GetThread(ns, threadId);
        await thread.AppendAsync(new AppendMessagesRequest { Messages = [NewMessage.FromText(MessageRole.User, text, userId)] }, cancellationToken: cancellationToken);
        var history = await thread.GetMessagesAsync(new MessageQuery { Limit = HistoryLength, Order = SortOrder.Descending }, cancellationToken);
        var chat = history.Messages.Reverse().Select(ToChatMessage).ToList();
        var response = await model.GetResponseAsync(chat, cancellationToken: cancellationToken);
        await thread.AppendAsync(new AppendMessagesRequest { Messages = [NewMessage.FromText(MessageRole.Assistant, response.Text)] }, cancellationToken: cancellationToken);
        return response.Text;
    }

    private static ChatMessage ToChatMessage(ThreadMessage message) =>
        new(new ChatRole(message.Role.Value), string.Concat(message.Content.OfType<TextPart>().Select(static p => p.Text)));
}
