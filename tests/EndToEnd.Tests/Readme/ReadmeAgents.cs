using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;
using Threads.Agents;
using Threads.Grains;

namespace Threads.EndToEnd.Tests.Readme;

/// <summary>The README's agent quick starts, as they are shown there (<see cref="ReadmeTests"/> checks that they still are).</summary>
public sealed class ReadmeAgents(IThreadsClient threads)
{
    public async Task<(string ThreadId, string Answer)> ChatAsync(CancellationToken ct)
    {
        IChatClient chat = new EchoChatClient() // or any model: openAIClient.GetChatClient("gpt-4o-mini").AsIChatClient()
            .AsBuilder()
            .UseThreads(threads, o => { o.ResourceId = "project-xyz"; o.UserId = "guille"; o.HistoryLimit = 50; })
            .UseFunctionInvocation()
            .Build();

        var first = await chat.GetResponseAsync("Hello, my name is Guille", cancellationToken: ct);
        var again = await chat.GetResponseAsync("What is my name?", new ChatOptions { ConversationId = first.ConversationId }, ct);
        return (first.ConversationId!, again.Text);
    }

    public async Task<string> RunAgentAsync(string threadId, string question, CancellationToken ct)
    {
        var history = new ThreadsHistoryOptions { ResourceId = "project-xyz", UserId = "guille" };
        AIAgent agent = new ChatClientAgent(new EchoChatClient(), new ChatClientAgentOptions
        {
            Name = "assistant",
            ChatHistoryProvider = new ThreadsChatHistoryProvider(threads, history),
        });
        var sessions = new ThreadsAgentSessionStore(threads, history);

        var key = new AgentSessionStoreKey(threadId, null); // the session is the thread threadId
        var session = await sessions.GetOrCreateSessionAsync(agent, key, ct);
        var answer = await agent.RunAsync(question, session, cancellationToken: ct);
        await sessions.SaveSessionAsync(agent, key, session, ct);
        return answer.Text;
    }
}
