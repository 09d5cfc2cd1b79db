using System.Text.Json;
using Microsoft.Extensions.AI;
using Threads.Grains;

namespace Threads.Agents.Tests;

/// <summary>The chat client middleware, over a client of the derived class's kind.</summary>
public abstract class ThreadsChatClientTests
{
    protected readonly string Ns = "a" + Guid.NewGuid().ToString("N")[..16];

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected abstract IThreadsClient Threads { get; }

    private IChatClient Build(RecordingChatClient model, Action<ThreadsChatClientOptions>? configure = null) =>
        model.AsBuilder().UseThreads(Threads, o =>
        {
            o.Namespace = Ns;
            configure?.Invoke(o);
        }).Build();

    private async Task<IReadOnlyList<ThreadMessage>> MessagesAsync(string threadId) =>
        (await Threads.GetThread(Ns, threadId).GetMessagesAsync(new MessageQuery { Limit = 200 }, Ct)).Messages;

    [Fact]
    public async Task GetResponse_NoConversationId_CreatesThreadWithTheTurn()
    {
        var model = new RecordingChatClient();
        var chat = Build(model, o => o.ResourceId = "project-1");

        var response = await chat.GetResponseAsync("Hello, my name is Guille", cancellationToken: Ct);

        Assert.Matches("^thread_[0-9a-f]{24}$", response.ConversationId);
        var info = await Threads.GetThread(Ns, response.ConversationId!).GetAsync(cancellationToken: Ct);
        Assert.Equal("project-1", info.ResourceId);
        var stored = await MessagesAsync(response.ConversationId!);
        Assert.Equal(["user", "assistant"], stored.Select(static m => m.Role.Value));
        Assert.Equal("Hello, my name is Guille", Assert.IsType<TextPart>(Assert.Single(stored[0].Content)).Text);
        Assert.Equal("ok", Assert.IsType<TextPart>(Assert.Single(stored[1].Content)).Text);
    }

    [Fact]
    public async Task GetResponse_WithConversationId_GivesHistoryThenNewMessagesAndNoConversationIdInside()
    {
        var model = new RecordingChatClient();
        var chat = Build(model);
        var first = await chat.GetResponseAsync("one", cancellationToken: Ct);

        var second = await chat.GetResponseAsync("two", new ChatOptions { ConversationId = first.ConversationId }, Ct);

        Assert.Equal(first.ConversationId, second.ConversationId);
        Assert.Equal(["one", "ok", "two"], model.Calls[1].Select(static m => m.Text));
        Assert.Null(model.Options[1]!.ConversationId);
        Assert.Equal(4, (await MessagesAsync(first.ConversationId!)).Count);
    }

    [Fact]
    public async Task GetResponse_SameIdempotencyKey_AppendsTheTurnOnce()
    {
        var model = new RecordingChatClient();
        var chat = Build(model);
        var threadId = (await chat.GetResponseAsync("start", cancellationToken: Ct)).ConversationId;
        var options = new ChatOptions { ConversationId = threadId, AdditionalProperties = new() { [ThreadsChatClientOptions.IdempotencyKeyProperty] = "turn-2" } };

        await chat.GetResponseAsync("again", options, Ct);
        await chat.GetResponseAsync("again", options, Ct);

        Assert.Equal(["start", "ok", "again", "ok"], (await MessagesAsync(threadId!)).Select(static m => ((TextPart)m.Content[0]).Text));
    }

    [Fact]
    public async Task GetResponse_HistoryLimit_GivesNewestAndTheOpeningSystemMessage()
    {
        var threadId = Identifiers.NewThreadId();
        var seed = new List<NewMessage> { NewMessage.FromText(MessageRole.System, "be brief") };
        seed.AddRange(Enumerable.Range(1, 30).Select(static i => NewMessage.FromText(i % 2 == 1 ? MessageRole.User : MessageRole.Assistant, $"m{i}")));
        await Threads.GetThread(Ns, threadId).CreateAsync(new CreateThreadRequest { Messages = seed }, Ct);
        var model = new RecordingChatClient();

        var chat = Build(model, o => o.HistoryLimit = 5);

        await chat.GetResponseAsync("new", new ChatOptions { ConversationId = threadId }, Ct);
        await chat.GetResponseAsync("newer", new ChatOptions { ConversationId = threadId }, Ct);

        Assert.Equal(["be brief", "m26", "m27", "m28", "m29", "m30", "new"], model.Calls[0].Select(static m => m.Text));
        Assert.Equal(ChatRole.System, model.Calls[0][0].Role);
        Assert.Equal(["be brief", "m28", "m29", "m30", "new", "ok", "newer"], model.Calls[1].Select(static m => m.Text));
    }

    [Fact]
    public async Task GetResponse_KeepSystemMessagesOff_GivesTheWindowOnly()
    {
        var threadId = Identifiers.NewThreadId();
        var seed = new List<NewMessage> { NewMessage.FromText(MessageRole.System, "be brief") };
        seed.AddRange(Enumerable.Range(1, 10).Select(static i => NewMessage.FromText(MessageRole.User, $"m{i}")));
        await Threads.GetThread(Ns, threadId).CreateAsync(new CreateThreadRequest { Messages = seed }, Ct);
        var model = new RecordingChatClient();

        await Build(model, o => { o.HistoryLimit = 2; o.KeepSystemMessages = false; }).GetResponseAsync("new", new ChatOptions { ConversationId = threadId }, Ct);

        Assert.Equal(["m9", "m10", "new"], model.Calls[0].Select(static m => m.Text));
    }

    [Fact]
    public async Task GetResponse_TokenBudget_GivesTheNewestThatFit()
    {
        var threadId = Identifiers.NewThreadId();
        var seed = Enumerable.Range(1, 20).Select(static i => NewMessage.FromText(MessageRole.User, $"m{i}")).ToList();
        await Threads.GetThread(Ns, threadId).CreateAsync(new CreateThreadRequest { Messages = seed }, Ct);
        var model = new RecordingChatClient();

        await Build(model, o => { o.TokenBudget = 30; o.CountTokens = static _ => 10; })
            .GetResponseAsync("new", new ChatOptions { ConversationId = threadId }, Ct);

        Assert.Equal(["m18", "m19", "m20", "new"], model.Calls[0].Select(static m => m.Text));
    }

    [Fact]
    public async Task GetResponse_ToolCallsAndResults_StoredAsParts()
    {
        var model = new RecordingChatClient
        {
            Answer = static _ =>
            [
                new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("c1", "weather", new Dictionary<string, object?> { ["city"] = "Paris" })]),
                new ChatMessage(ChatRole.Tool, [new FunctionResultContent("c1", JsonDocument.Parse("""{"tempC":21}""").RootElement)]),
                new ChatMessage(ChatRole.Assistant, [new TextContent("21 °C"), new ErrorContent("slow tool")]),
            ],
        };

        var response = await Build(model).GetResponseAsync("weather in Paris?", cancellationToken: Ct);

        var stored = await MessagesAsync(response.ConversationId!);
        Assert.Equal(["user", "assistant", "tool", "assistant"], stored.Select(static m => m.Role.Value));
        var call = Assert.IsType<ToolCallPart>(Assert.Single(stored[1].Content));
        Assert.Equal(("c1", "weather", """{"city":"Paris"}"""), (call.CallId, call.Name, call.Arguments!.Value.GetRawText()));
        var result = Assert.IsType<ToolResultPart>(Assert.Single(stored[2].Content));
        Assert.Equal("""{"tempC":21}""", result.Result!.Value.GetRawText());
        Assert.Equal("slow tool", Assert.IsType<ErrorPart>(stored[3].Content[1]).Message);
    }

    [Fact]
    public async Task GetStreaming_Completed_AppendsTheTurnOnceAndCarriesTheThreadId()
    {
        var model = new RecordingChatClient { Answer = static _ => [new ChatMessage(ChatRole.Assistant, "streamed answer")] };
        var updates = new List<ChatResponseUpdate>();

        await foreach (var update in Build(model).GetStreamingResponseAsync("hi", cancellationToken: Ct))
        {
            updates.Add(update);
        }

        var threadId = Assert.Single(updates.Select(static u => u.ConversationId).Distinct());
        Assert.Equal(["hi", "streamed answer"], (await MessagesAsync(threadId!)).Select(static m => ((TextPart)m.Content[0]).Text));
    }

    [Fact]
    public async Task GetStreaming_FailsMidway_AppendsNothing()
    {
        var model = new RecordingChatClient();
        var chat = Build(model);
        var threadId = (await chat.GetResponseAsync("start", cancellationToken: Ct)).ConversationId;
        model.FailMidStream = new InvalidOperationException("model went away");
        model.Answer = static _ => [new ChatMessage(ChatRole.Assistant, [new TextContent("part one"), new TextContent("part two")])];

        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var update in chat.GetStreamingResponseAsync("more", new ChatOptions { ConversationId = threadId }, Ct))
            {
                Assert.NotNull(update);
            }
        });

        Assert.Equal(2, (await MessagesAsync(threadId!)).Count);
    }

    [Fact]
    public async Task GetResponse_ModelFails_WritesNothing()
    {
        var model = new RecordingChatClient { Answer = static _ => throw new HttpRequestException("model unreachable") };

        await Assert.ThrowsAsync<HttpRequestException>(() => Build(model).GetResponseAsync("hi", cancellationToken: Ct));

        var page = await Threads.GetResourceIndex(Ns, IResourceIndexGrain.AllResources).ListThreadsAsync(new ThreadListQuery(), Ct);
        Assert.Empty(page.Threads);
    }

    [Fact]
    public async Task GetResponse_UnknownConversationId_ThrowsNotFoundAndCreatesNothing()
    {
        var model = new RecordingChatClient();

        await Assert.ThrowsAsync<NotFoundException>(() =>
            Build(model).GetResponseAsync("hi", new ChatOptions { ConversationId = Identifiers.NewThreadId() }, Ct));

        Assert.Empty(model.Calls);
        var page = await Threads.GetResourceIndex(Ns, IResourceIndexGrain.AllResources).ListThreadsAsync(new ThreadListQuery(), Ct);
        Assert.Empty(page.Threads);
    }

    [Fact]
    public async Task GetResponse_ThreadOfAnotherNamespace_ThrowsNotFound()
    {
        var elsewhere = await Build(new RecordingChatClient(), o => o.Namespace = Ns + "-other").GetResponseAsync("hi", cancellationToken: Ct);

        await Assert.ThrowsAsync<NotFoundException>(() =>
            Build(new RecordingChatClient()).GetResponseAsync("hi", new ChatOptions { ConversationId = elsewhere.ConversationId }, Ct));
    }

    [Fact]
    public async Task GetResponse_InvalidConversationId_ThrowsInvalidArgument()
    {
        var model = new RecordingChatClient();

        await Assert.ThrowsAsync<InvalidArgumentException>(() =>
            Build(model).GetResponseAsync("hi", new ChatOptions { ConversationId = "not a/valid id" }, Ct));

        Assert.Empty(model.Calls);
    }
}

/// <summary>The middleware over the Orleans cluster client.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterClientThreadsChatClientTests(ClusterFixture fixture) : ThreadsChatClientTests
{
    protected override IThreadsClient Threads => fixture.Cluster.Grains;

    [Fact]
    public async Task GetResponse_ThreadOfAnotherUser_ThrowsAndAppendsNothing()
    {
        var threadId = Identifiers.NewThreadId();
        using (ThreadsRequestContext.ActAsUser("alice"))
        {
            await Threads.GetThread(Ns, threadId).CreateAsync(new CreateThreadRequest { UserId = "alice" }, Ct);
        }

        var chat = new RecordingChatClient().AsBuilder().UseThreads(Threads, o => { o.Namespace = Ns; o.UserId = "bob"; }).Build();

        await Assert.ThrowsAnyAsync<ThreadsException>(() => chat.GetResponseAsync("hi", new ChatOptions { ConversationId = threadId }, Ct));

        Assert.Equal(0, (await Threads.GetThread(Ns, threadId).GetAsync(cancellationToken: Ct)).MessageCount);
    }
}

/// <summary>The middleware over HTTP.</summary>
[Collection(ClusterCollection.Name)]
public sealed class HttpThreadsChatClientTests(ClusterFixture fixture) : ThreadsChatClientTests
{
    protected override IThreadsClient Threads => fixture.Cluster.Client;
}
