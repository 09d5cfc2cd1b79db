using System.Net;
using System.Text;
using Threads.Grains;
using Threads.Silo.Tests.Apis;
using Threads.TestingHost;

namespace Threads.Silo.Tests.Events;

/// <summary>The event streams over real HTTP: format, resumption, heartbeats, filters and the client's reader.</summary>
[Collection(ClusterCollection.Name)]
public sealed class EventsApiTests(ClusterFixture fixture) : ApiTests(fixture)
{
    private const string OneMessage = """{"messages":[{"role":"user","content":"hi"}]}""";

    [Fact(Timeout = 60_000)]
    public async Task ThreadEvents_MissingThread_Returns404Problem()
    {
        using var response = await GetAsync("threads/absent/events");

        await ProblemAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact(Timeout = 60_000)]
    public async Task ThreadEvents_Append_SentAsServerSentEvent()
    {
        await CreateThreadAsync("sse");
        await using var stream = await EventStream.OpenAsync(Http, V1("threads/sse/events"), cancellationToken: Ct);

        using (var append = await PostAsync("threads/sse/messages", OneMessage))
        {
            Assert.Equal(HttpStatusCode.Created, append.StatusCode);
        }

        Assert.Equal("text/event-stream", stream.Response.Content.Headers.ContentType?.MediaType);
        var sent = await stream.ReadEventAsync();
        Assert.NotNull(sent);
        Assert.Equal(ThreadEventTypes.MessagesAppended, sent.Type);
        Assert.Equal(sent.Id, sent.Data.GetProperty("id").GetInt64());
        Assert.Equal(sent.Type, sent.Data.GetProperty("type").GetString());
        Assert.Equal("sse", sent.Data.GetProperty("threadId").GetString());
        Assert.Equal(1, sent.Data.GetProperty("data").GetProperty("lastSeq").GetInt64());
    }

    [Fact(Timeout = 60_000)]
    public async Task ThreadEvents_Append_FrameIsEventThenOneDataLineThenId()
    {
        await CreateThreadAsync("frame");
        await using var stream = await EventStream.OpenAsync(Http, V1("threads/frame/events"), cancellationToken: Ct);

        using (var append = await PostAsync("threads/frame/messages", OneMessage))
        {
            Assert.Equal(HttpStatusCode.Created, append.StatusCode);
        }

        var lines = new List<string>();
        while (await stream.ReadLineAsync() is { Length: > 0 } line)
        {
            lines.Add(line);
        }

        Assert.Equal(3, lines.Count);
        Assert.Equal($"event: {ThreadEventTypes.MessagesAppended}", lines[0]);
        Assert.StartsWith("data: {", lines[1], StringComparison.Ordinal);
        var data = System.Text.Json.JsonDocument.Parse(lines[1][6..]).RootElement;
        Assert.Equal($"id: {data.GetProperty("id").GetInt64()}", lines[2]);
    }

    [Fact(Timeout = 60_000)]
    public async Task ThreadEvents_LastEventId_ResumesAfterIt()
    {
        await CreateThreadAsync("resume");
        long first;
        await using (var stream = await EventStream.OpenAsync(Http, V1("threads/resume/events"), cancellationToken: Ct))
        {
            for (var i = 0; i < 3; i++)
            {
                using var append = await PostAsync("threads/resume/messages", OneMessage);
                Assert.Equal(HttpStatusCode.Created, append.StatusCode);
            }

            first = (await stream.ReadEventAsync())!.Id;
        }

        await using var resumed = await EventStream.OpenAsync(Http, V1("threads/resume/events"), first, Ct);
        var second = await resumed.ReadEventAsync();
        var third = await resumed.ReadEventAsync();

        Assert.Equal(2, second!.Data.GetProperty("data").GetProperty("lastSeq").GetInt64());
        Assert.Equal(3, third!.Data.GetProperty("data").GetProperty("lastSeq").GetInt64());
        Assert.True(first < second.Id && second.Id < third.Id);
    }

    [Fact(Timeout = 60_000)]
    public async Task ThreadEvents_LastEventIdQueryParameter_ResumesLikeTheHeader()
    {
        await CreateThreadAsync("resumeq");
        using (var append = await PostAsync("threads/resumeq/messages", OneMessage))
        {
            Assert.Equal(HttpStatusCode.Created, append.StatusCode);
        }

        await using var stream = await EventStream.OpenAsync(Http, V1("threads/resumeq/events?lastEventId=0"), cancellationToken: Ct);

        Assert.Equal(ThreadEventTypes.ThreadCreated, (await stream.ReadEventAsync())!.Type);
        Assert.Equal(ThreadEventTypes.MessagesAppended, (await stream.ReadEventAsync())!.Type);
    }

    [Fact(Timeout = 60_000)]
    public async Task ThreadEvents_MalformedLastEventId_Returns400NamingIt()
    {
        await CreateThreadAsync("badlast");

        using var response = await SendAsync(HttpMethod.Get, "threads/badlast/events", configure: r => r.Headers.TryAddWithoutValidation("Last-Event-ID", "abc"));

        await ProblemAsync(response, HttpStatusCode.BadRequest, "invalid_argument", "Last-Event-ID");
    }

    [Fact(Timeout = 60_000)]
    public async Task ThreadEvents_Idle_HeartbeatAfterInterval()
    {
        await CreateThreadAsync("beat");
        await using var stream = await EventStream.OpenAsync(Http, V1("threads/beat/events"), cancellationToken: Ct);

        Clock.Advance(TimeSpan.FromSeconds(15));

        Assert.Equal(": heartbeat", await stream.ReadLineAsync());
    }

    [Fact(Timeout = 60_000)]
    public async Task ThreadEvents_ThreadDeleted_StreamEndsAfterTheEvent()
    {
        await CreateThreadAsync("bye");
        await using var stream = await EventStream.OpenAsync(Http, V1("threads/bye/events"), cancellationToken: Ct);

        using (var delete = await SendAsync(HttpMethod.Delete, "threads/bye"))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        Assert.Equal(ThreadEventTypes.ThreadDeleted, (await stream.ReadEventAsync())!.Type);
        Assert.Null(await stream.ReadEventAsync());
    }

    [Fact(Timeout = 60_000)]
    public async Task ResourceEvents_OnlyThatResourcesThreads()
    {
        // One silo's bus sees the writes that silo serves: stream and write through the same one.
        var silo = Cluster.Silos[0].Http;
        await using var stream = await EventStream.OpenAsync(silo, V1("events?resourceId=proj"), cancellationToken: Ct);

        await PostOnAsync(silo, "threads", """{"id":"elsewhere","resourceId":"other"}""");
        await PostOnAsync(silo, "threads", """{"id":"here","resourceId":"proj"}""");

        var sent = await stream.ReadEventAsync();
        Assert.Equal((ThreadEventTypes.ThreadCreated, "here"), (sent!.Type, sent.Data.GetProperty("threadId").GetString()));
        Assert.Equal("proj", sent.Data.GetProperty("resourceId").GetString());
    }

    [Fact(Timeout = 60_000)]
    public async Task NamespaceEvents_BadResourceId_Returns400NamingIt()
    {
        using var response = await GetAsync("events?resourceId=%20bad");

        await ProblemAsync(response, HttpStatusCode.BadRequest, "invalid_argument", "resourceId");
    }

    [Fact(Timeout = 60_000)]
    public async Task ClientSubscribe_AppendThroughClient_ReceivesMessagesAppended()
    {
        var thread = Cluster.Client.GetThread(Ns, "client-sse");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        await thread.CreateAsync(new CreateThreadRequest());
        // A create without the id in its path may land on any silo; an append is routed by the thread's id, like the stream.
        await thread.AppendAsync(new AppendMessagesRequest { Messages = [NewMessage.FromText(MessageRole.User, "warm")] });
        var start = (await Cluster.Client.SubscribeAsync(Ns, threadId: "client-sse", lastEventId: 0, cancellationToken: timeout.Token)
            .FirstAsync(e => e.Type == ThreadEventTypes.MessagesAppended, timeout.Token)).Id;
        await using var events = Cluster.Client.SubscribeAsync(Ns, threadId: "client-sse", lastEventId: start, cancellationToken: timeout.Token).GetAsyncEnumerator(timeout.Token);
        var next = events.MoveNextAsync().AsTask();

        await thread.AppendAsync(new AppendMessagesRequest { Messages = [NewMessage.FromText(MessageRole.User, "hello")] });

        Assert.True(await next);
        Assert.Equal(ThreadEventTypes.MessagesAppended, events.Current.Type);
        Assert.Equal("client-sse", events.Current.ThreadId);
        Assert.Equal(2, events.Current.Data!.Value.GetProperty("lastSeq").GetInt64());
    }

    [Fact(Timeout = 60_000)]
    public async Task ClientSubscribe_MissingThread_ThrowsNotFound() =>
        await Assert.ThrowsAsync<NotFoundException>(async () =>
            await Cluster.Client.SubscribeAsync(Ns, threadId: "nobody", cancellationToken: Ct).FirstAsync(Ct));

    [Fact(Timeout = 60_000)]
    public async Task ThreadEvents_SiloStops_StreamEndsAndStopIsPrompt()
    {
        await using var cluster = new ThreadsTestCluster(o => o.SiloCount = 1);
        await cluster.DeployAsync(Ct);
        var silo = cluster.Silos[0];
        using (var created = await silo.Http.PostAsync(V1("threads"), new StringContent("""{"id":"stopping"}""", Encoding.UTF8, "application/json"), Ct))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        await using var stream = await EventStream.OpenAsync(silo.Http, V1("threads/stopping/events"), cancellationToken: Ct);
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();

        await cluster.StopSiloAsync(silo, Ct);

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"stopping took {stopwatch.Elapsed}");
        Assert.Null(await stream.ReadLineAsync());
    }

    private async Task PostOnAsync(HttpClient http, string path, string json)
    {
        using var response = await http.PostAsync(V1(path), new StringContent(json, Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
