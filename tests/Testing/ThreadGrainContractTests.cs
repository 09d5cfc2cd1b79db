using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Threads.Grains;

namespace Threads.Testing;

/// <summary>
/// The grain contract: what <see cref="IThreadGrain"/> and <see cref="IResourceIndexGrain"/> promise, whoever serves
/// them. Runs against in-process grains and against the HTTP client talking to a silo.
/// </summary>
public abstract class ThreadGrainContractTests
{
    /// <summary>A namespace of this test's own, so tests never see each other's threads.</summary>
    protected string Ns { get; } = "t" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>Where the grains come from: the runtime in process, or the client over HTTP.</summary>
    protected abstract IThreadsClient Grains { get; }

    /// <summary>The clock the grains read; tests move it so that "most recently updated" never ties.</summary>
    protected abstract FakeTimeProvider Clock { get; }

    /// <summary>Moves the clock on by one millisecond, the resolution of stored times.</summary>
    protected void Tick() => Clock.Advance(TimeSpan.FromMilliseconds(1));

    protected IThreadGrain Thread(string id) => Grains.GetThread(Ns, id);

    protected IResourceIndexGrain Resource(string id) => Grains.GetResourceIndex(Ns, id);

    protected static NewMessage User(string text, string? userId = null) => NewMessage.FromText(MessageRole.User, text, userId);

    protected async Task<IThreadGrain> CreateWithMessagesAsync(string id, int count, string? resourceId = null)
    {
        var thread = Thread(id);
        await thread.CreateAsync(new CreateThreadRequest { ResourceId = resourceId });
        for (var i = 1; i <= count; i++)
        {
            await thread.AppendAsync(new AppendMessagesRequest { Messages = [User($"m{i}")] });
        }

        return thread;
    }

    [Fact]
    public async Task Create_New_ReturnsFirstVersion()
    {
        var created = await Thread("t1").CreateAsync(new CreateThreadRequest
        {
            ResourceId = "project-xyz",
            UserId = "alice",
            Title = "Support",
            Metadata = new Dictionary<string, string> { ["priority"] = "high" },
            Messages = [User("hello")],
        });

        Assert.Equal("t1", created.Id);
        Assert.Equal(Ns, created.Namespace);
        Assert.Equal("project-xyz", created.ResourceId);
        Assert.Equal("alice", created.UserId);
        Assert.Equal("Support", created.Title);
        Assert.Equal("high", created.Metadata["priority"]);
        Assert.Equal(1, created.Version);
        Assert.Equal(1, created.LastSeq);
        Assert.Equal(1, created.MessageCount);
        Assert.Equal(created.CreatedAt, created.UpdatedAt);
        var fetched = await Thread("t1").GetAsync();
        Assert.Equal(created.UpdatedAt, fetched.UpdatedAt);
        Assert.Equal("Support", fetched.Title);
    }

    [Fact]
    public async Task Create_Existing_ThrowsAlreadyExists()
    {
        await Thread("dup").CreateAsync(new CreateThreadRequest { Title = "first" });

        await Assert.ThrowsAsync<AlreadyExistsException>(() => Thread("dup").CreateAsync(new CreateThreadRequest { Title = "second" }));
        Assert.Equal("first", (await Thread("dup").GetAsync()).Title);
    }

    [Fact]
    public async Task Create_InvalidMessage_ThrowsInvalidArgumentAndWritesNothing()
    {
        var bad = new NewMessage { Role = new MessageRole("wizard"), Content = [new TextPart("hi")] };

        var error = await Assert.ThrowsAsync<InvalidArgumentException>(() => Thread("bad").CreateAsync(new CreateThreadRequest { Messages = [User("ok"), bad] }));

        Assert.Contains(error.Errors, e => e.Path == "messages[1].role");
        await Assert.ThrowsAsync<NotFoundException>(() => Thread("bad").GetAsync());
    }

    [Fact]
    public async Task Get_Missing_ThrowsNotFound() =>
        await Assert.ThrowsAsync<NotFoundException>(() => Thread("nobody").GetAsync());

    [Fact]
    public async Task Get_WithLastMessages_ReturnsThemOldestFirst()
    {
        var thread = await CreateWithMessagesAsync("withmsgs", 5);

        var fetched = await thread.GetAsync(lastMessages: 3);

        Assert.Equal([3L, 4L, 5L], fetched.Messages!.Select(m => m.Seq));
        Assert.Equal("m5", Assert.IsType<TextPart>(fetched.Messages![2].Content[0]).Text);
    }

    [Fact]
    public async Task Append_SeveralCalls_SeqsContiguousFromOne()
    {
        var thread = Thread("seqs");
        await thread.CreateAsync(new CreateThreadRequest());

        var first = await thread.AppendAsync(new AppendMessagesRequest { Messages = [User("a"), User("b")] });
        var second = await thread.AppendAsync(new AppendMessagesRequest { Messages = [User("c")] });

        Assert.Equal([1L, 2L], first.Messages.Select(m => m.Seq));
        Assert.Equal(2, first.LastSeq);
        Assert.Equal(3, Assert.Single(second.Messages).Seq);
        var header = await thread.GetAsync();
        Assert.Equal(3, header.LastSeq);
        Assert.Equal(3, header.MessageCount);
        Assert.True(header.UpdatedAt >= header.CreatedAt);
        Assert.StartsWith("msg_", second.Messages[0].Id, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Append_LaterMessages_IdsSortByTime()
    {
        var thread = await CreateWithMessagesAsync("ids", 0);
        for (var i = 0; i < 8; i++)
        {
            Tick();
            await thread.AppendAsync(new AppendMessagesRequest { Messages = [User($"m{i}")] });
        }

        var ids = (await thread.GetMessagesAsync(new MessageQuery())).Messages.Select(m => m.Id).ToList();
        Assert.All(ids, id => Assert.Matches("^msg_[0-9a-f]{24}$", id));
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
    }

    [Fact]
    public async Task Append_ToMissingThread_ThrowsNotFound() =>
        await Assert.ThrowsAsync<NotFoundException>(() => Thread("ghost").AppendAsync(new AppendMessagesRequest { Messages = [User("x")] }));

    [Fact]
    public async Task Append_StaleExpectedLastSeq_ThrowsPreconditionFailedAndWritesNothing()
    {
        var thread = await CreateWithMessagesAsync("stale", 2);

        await Assert.ThrowsAsync<PreconditionFailedException>(() =>
            thread.AppendAsync(new AppendMessagesRequest { Messages = [User("late")], ExpectedLastSeq = 1 }));
        var ok = await thread.AppendAsync(new AppendMessagesRequest { Messages = [User("on time")], ExpectedLastSeq = 2 });

        Assert.Equal(3, ok.LastSeq);
        Assert.Equal(3, (await thread.GetAsync()).MessageCount);
    }

    [Fact]
    public async Task Append_OneInvalidMessage_WritesNone()
    {
        var thread = await CreateWithMessagesAsync("allornone", 1);
        var badPart = new NewMessage { Role = MessageRole.Assistant, Content = [new ToolCallPart("", "weather")] };

        var error = await Assert.ThrowsAsync<InvalidArgumentException>(() =>
            thread.AppendAsync(new AppendMessagesRequest { Messages = [User("fine"), badPart] }));

        Assert.Contains(error.Errors, e => e.Path == "messages[1].content[0].callId");
        Assert.Equal(1, (await thread.GetAsync()).LastSeq);
    }

    [Fact]
    public async Task Append_NoMessages_ThrowsInvalidArgument()
    {
        var thread = await CreateWithMessagesAsync("empty", 0);

        await Assert.ThrowsAsync<InvalidArgumentException>(() => thread.AppendAsync(new AppendMessagesRequest { Messages = [] }));
    }

    [Fact]
    public async Task Append_InvalidUserId_ThrowsInvalidArgumentNamingIt()
    {
        var thread = await CreateWithMessagesAsync("baduser", 0);

        var error = await Assert.ThrowsAsync<InvalidArgumentException>(() =>
            thread.AppendAsync(new AppendMessagesRequest { Messages = [User("x", userId: "no spaces allowed")] }));

        Assert.Contains(error.Errors, e => e.Path == "messages[0].userId");
    }

    [Fact]
    public async Task Append_SameIdempotencyKeyAndBody_ReturnsFirstResultWritesOnce()
    {
        var thread = await CreateWithMessagesAsync("idem", 0);
        var request = new AppendMessagesRequest { Messages = [User("once")] };

        var first = await thread.AppendAsync(request, "key-1");
        var retry = await thread.AppendAsync(request with { }, "key-1");

        Assert.Equal(first.LastSeq, retry.LastSeq);
        Assert.Equal(first.Messages[0].Id, retry.Messages[0].Id);
        Assert.Equal((false, true), (first.Replayed, retry.Replayed));
        Assert.Equal(1, (await thread.GetAsync()).MessageCount);
    }

    [Fact]
    public async Task Append_SameIdempotencyKeyAfterTheWindow_AppendsAgainAndKeepsTheNewResult()
    {
        var thread = await CreateWithMessagesAsync("idem3", 0);
        var request = new AppendMessagesRequest { Messages = [User("daily")] };
        var first = await thread.AppendAsync(request, "key-3");
        Clock.Advance(TimeSpan.FromHours(25));

        var again = await thread.AppendAsync(request with { }, "key-3");
        var retry = await thread.AppendAsync(request with { }, "key-3");

        Assert.Equal((1L, 2L), (first.LastSeq, again.LastSeq));
        Assert.Equal(again.Messages[0].Id, retry.Messages[0].Id);
        Assert.Equal(2, (await thread.GetAsync()).MessageCount);
    }

    [Fact]
    public async Task Append_SameIdempotencyKeyOtherBody_ThrowsConflict()
    {
        var thread = await CreateWithMessagesAsync("idem2", 0);
        await thread.AppendAsync(new AppendMessagesRequest { Messages = [User("one")] }, "key-2");

        await Assert.ThrowsAsync<ConflictException>(() => thread.AppendAsync(new AppendMessagesRequest { Messages = [User("two")] }, "key-2"));
        Assert.Equal(1, (await thread.GetAsync()).MessageCount);
    }

    [Fact]
    public async Task Append_TypedPartsWithArbitraryJson_ComeBackAsSent()
    {
        var thread = await CreateWithMessagesAsync("parts", 0);
        const string arguments = """{"city":"París","nested":{"list":[1,2.50,{"deep":null}],"big":12345678901234567890,"one":1.0},"quote":"a\"b"}""";
        const string result = """[{"tempC":21},"ok",true]""";
        var message = new NewMessage
        {
            Role = MessageRole.Assistant,
            RunId = "run-1",
            Metadata = new Dictionary<string, string> { ["model"] = "gpt-x" },
            Content =
            [
                new TextPart("Your name is Guille"),
                new ToolCallPart("c1", "weather", JsonDocument.Parse(arguments).RootElement),
                new ToolResultPart("c1", JsonDocument.Parse(result).RootElement, IsError: false),
                new DataPart("image/png", Convert.ToBase64String([1, 2, 3])),
                new ErrorPart("model timed out"),
            ],
        };

        await thread.AppendAsync(new AppendMessagesRequest { Messages = [message] });
        var stored = Assert.Single((await thread.GetMessagesAsync(new MessageQuery())).Messages);

        Assert.Equal(MessageRole.Assistant, stored.Role);
        Assert.Equal("run-1", stored.RunId);
        Assert.Equal("gpt-x", stored.Metadata!["model"]);
        Assert.Equal("Your name is Guille", Assert.IsType<TextPart>(stored.Content[0]).Text);
        var call = Assert.IsType<ToolCallPart>(stored.Content[1]);
        Assert.Equal(("c1", "weather"), (call.CallId, call.Name));
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(arguments).RootElement, call.Arguments!.Value));
        Assert.Equal("12345678901234567890", call.Arguments!.Value.GetProperty("nested").GetProperty("big").GetRawText());
        Assert.Equal("1.0", call.Arguments!.Value.GetProperty("nested").GetProperty("one").GetRawText());
        var toolResult = Assert.IsType<ToolResultPart>(stored.Content[2]);
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(result).RootElement, toolResult.Result!.Value));
        Assert.Equal(Convert.ToBase64String([1, 2, 3]), Assert.IsType<DataPart>(stored.Content[3]).Data);
        Assert.Equal("model timed out", Assert.IsType<ErrorPart>(stored.Content[4]).Message);
    }

    [Fact]
    public async Task Append_ConcurrentWriters_SeqsContiguousNothingLost()
    {
        var thread = await CreateWithMessagesAsync("busy", 0);

        var writers = Enumerable.Range(0, 16).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                await thread.AppendAsync(new AppendMessagesRequest { Messages = [User($"w{w}-{i}", userId: $"w{w}")] });
            }
        }));
        await Task.WhenAll(writers);

        var all = await ReadAllAsync(thread);
        Assert.Equal(Enumerable.Range(1, 160).Select(i => (long)i), all.Select(m => m.Seq));
        foreach (var writer in all.GroupBy(m => m.UserId))
        {
            // Each writer's messages keep its own order.
            Assert.Equal(Enumerable.Range(0, 10).Select(i => $"{writer.Key}-{i}"), writer.Select(m => ((TextPart)m.Content[0]).Text));
        }
    }

    [Fact]
    public async Task GetMessages_LimitAndOrder_ReturnsTheRightSlice()
    {
        var thread = await CreateWithMessagesAsync("slices", 10);

        var oldest = await thread.GetMessagesAsync(new MessageQuery { Limit = 3 });
        var newest = await thread.GetMessagesAsync(new MessageQuery { Limit = 3, Order = SortOrder.Descending });
        var between = await thread.GetMessagesAsync(new MessageQuery { After = 4, Before = 8 });
        var beforeDesc = await thread.GetMessagesAsync(new MessageQuery { Before = 5, Order = SortOrder.Descending, Limit = 2 });

        Assert.Equal([1L, 2L, 3L], oldest.Messages.Select(m => m.Seq));
        Assert.NotNull(oldest.NextCursor);
        Assert.Equal([10L, 9L, 8L], newest.Messages.Select(m => m.Seq));
        Assert.Equal([5L, 6L, 7L], between.Messages.Select(m => m.Seq));
        Assert.Null(between.NextCursor);
        Assert.Equal([4L, 3L], beforeDesc.Messages.Select(m => m.Seq));
    }

    [Theory]
    [InlineData(SortOrder.Ascending)]
    [InlineData(SortOrder.Descending)]
    public async Task GetMessages_FollowCursor_EveryMessageOnce(SortOrder order)
    {
        var thread = await CreateWithMessagesAsync($"pages-{order}".ToLowerInvariant(), 250);

        var seen = new List<long>();
        string? cursor = null;
        do
        {
            var page = await thread.GetMessagesAsync(new MessageQuery { Limit = 40, Order = order, Cursor = cursor });
            seen.AddRange(page.Messages.Select(m => m.Seq));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        var expected = Enumerable.Range(1, 250).Select(i => (long)i);
        Assert.Equal(order == SortOrder.Ascending ? expected : expected.Reverse(), seen);
    }

    [Fact]
    public async Task GetMessages_ByRunId_OnlyThatRun()
    {
        var thread = await CreateWithMessagesAsync("runs", 2);
        await thread.AppendAsync(new AppendMessagesRequest { Messages = [User("r1"), User("r2")], RunId = "run-a" });
        await thread.AppendAsync(new AppendMessagesRequest { Messages = [User("other")], RunId = "run-b" });

        var page = await thread.GetMessagesAsync(new MessageQuery { RunId = "run-a" });

        Assert.Equal([3L, 4L], page.Messages.Select(m => m.Seq));
        Assert.All(page.Messages, m => Assert.Equal("run-a", m.RunId));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(201)]
    public async Task GetMessages_LimitOutOfRange_ThrowsInvalidArgument(int limit)
    {
        var thread = await CreateWithMessagesAsync($"limit{limit}", 1);

        await Assert.ThrowsAsync<InvalidArgumentException>(() => thread.GetMessagesAsync(new MessageQuery { Limit = limit }));
    }

    [Fact]
    public async Task GetMessages_ForgedCursor_ThrowsInvalidArgument()
    {
        var thread = await CreateWithMessagesAsync("forged", 1);

        await Assert.ThrowsAsync<InvalidArgumentException>(() => thread.GetMessagesAsync(new MessageQuery { Cursor = "not-a-cursor!" }));
    }

    [Fact]
    public async Task Update_Fields_AppliesAndRaisesVersion()
    {
        var thread = Thread("upd");
        await thread.CreateAsync(new CreateThreadRequest { Title = "old", Metadata = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" } });

        var updated = await thread.UpdateAsync(new UpdateThreadRequest
        {
            Title = "new",
            Metadata = new Dictionary<string, string?> { ["a"] = null, ["c"] = "3" },
            Hidden = true,
            Archived = true,
            ResourceId = "moved",
        });

        Assert.Equal("new", updated.Title);
        Assert.Equal(new Dictionary<string, string> { ["b"] = "2", ["c"] = "3" }, updated.Metadata);
        Assert.True(updated.Hidden);
        Assert.True(updated.Archived);
        Assert.Equal("moved", updated.ResourceId);
        Assert.Equal(2, updated.Version);
        Assert.Equal(updated, await thread.GetAsync() with { Metadata = updated.Metadata });
    }

    [Fact]
    public async Task Update_EmptyTitle_RemovesIt()
    {
        var thread = Thread("untitle");
        await thread.CreateAsync(new CreateThreadRequest { Title = "t" });

        var updated = await thread.UpdateAsync(new UpdateThreadRequest { Title = "" });

        Assert.Null(updated.Title);
    }

    [Fact]
    public async Task Update_StaleExpectedVersion_ThrowsPreconditionFailedAndChangesNothing()
    {
        var thread = Thread("ifmatch");
        await thread.CreateAsync(new CreateThreadRequest { Title = "v1" });
        await thread.UpdateAsync(new UpdateThreadRequest { Title = "v2" }, expectedVersion: 1);

        await Assert.ThrowsAsync<PreconditionFailedException>(() => thread.UpdateAsync(new UpdateThreadRequest { Title = "v3" }, expectedVersion: 1));
        Assert.Equal("v2", (await thread.GetAsync()).Title);
    }

    [Fact]
    public async Task Update_ConcurrentMetadataWriters_NoUpdateLost()
    {
        var thread = Thread("meta-race");
        await thread.CreateAsync(new CreateThreadRequest());

        await Task.WhenAll(Enumerable.Range(0, 32).Select(i => Task.Run(() =>
            thread.UpdateAsync(new UpdateThreadRequest { Metadata = new Dictionary<string, string?> { [$"k{i}"] = $"{i}" } }))));

        var header = await thread.GetAsync();
        Assert.Equal(32, header.Metadata.Count);
        Assert.Equal(33, header.Version);
    }

    [Fact]
    public async Task Update_TooManyMetadataKeys_ThrowsInvalidArgument()
    {
        var thread = Thread("meta-limit");
        await thread.CreateAsync(new CreateThreadRequest());
        var tooMany = Enumerable.Range(0, 65).ToDictionary(i => $"k{i}", i => (string?)"v");

        await Assert.ThrowsAsync<InvalidArgumentException>(() => thread.UpdateAsync(new UpdateThreadRequest { Metadata = tooMany }));
        Assert.Empty((await thread.GetAsync()).Metadata);
    }

    [Fact]
    public async Task Delete_Existing_ThenNotFound()
    {
        var thread = await CreateWithMessagesAsync("gone", 3);

        await thread.DeleteAsync();

        await Assert.ThrowsAsync<NotFoundException>(() => thread.GetAsync());
        await Assert.ThrowsAsync<NotFoundException>(() => thread.GetMessagesAsync(new MessageQuery()));
        await Assert.ThrowsAsync<NotFoundException>(() => thread.DeleteAsync());
        // The id is free again, and the new thread starts from scratch.
        var again = await thread.CreateAsync(new CreateThreadRequest());
        Assert.Equal(0, again.LastSeq);
        Assert.Empty((await thread.GetMessagesAsync(new MessageQuery())).Messages);
    }

    [Fact]
    public async Task Clone_UpToSeq_CopiesSnapshotAndSourceStaysAsItWas()
    {
        var source = await CreateWithMessagesAsync("src", 5, resourceId: "r1");
        await source.UpdateAsync(new UpdateThreadRequest { Title = "source", Metadata = new Dictionary<string, string?> { ["a"] = "1" } });

        var clone = await source.CloneAsync(new CloneThreadRequest
        {
            Id = "branch",
            UpToSeq = 3,
            Metadata = new Dictionary<string, string?> { ["b"] = "2" },
        });
        await Thread("branch").AppendAsync(new AppendMessagesRequest { Messages = [User("only in branch")] });

        Assert.Equal(new ParentLink("src", 3), clone.Parent);
        Assert.Equal(3, clone.MessageCount);
        Assert.Equal("source", clone.Title);
        Assert.Equal("r1", clone.ResourceId);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }, clone.Metadata);
        var branch = await ReadAllAsync(Thread("branch"));
        Assert.Equal(["m1", "m2", "m3", "only in branch"], branch.Select(m => ((TextPart)m.Content[0]).Text));
        Assert.Equal([1L, 2L, 3L, 4L], branch.Select(m => m.Seq));
        var original = await ReadAllAsync(source);
        Assert.Equal(["m1", "m2", "m3", "m4", "m5"], original.Select(m => ((TextPart)m.Content[0]).Text));
    }

    [Fact]
    public async Task Clone_WithoutId_GeneratesOne()
    {
        var source = await CreateWithMessagesAsync("src2", 2);

        var clone = await source.CloneAsync(new CloneThreadRequest());

        Assert.Matches("^thread_[0-9a-f]{24}$", clone.Id);
        Assert.Equal(2, (await Thread(clone.Id).GetAsync()).MessageCount);
    }

    [Fact]
    public async Task Clone_IdTaken_ThrowsAlreadyExists()
    {
        var source = await CreateWithMessagesAsync("src3", 1);
        await Thread("taken").CreateAsync(new CreateThreadRequest());

        await Assert.ThrowsAsync<AlreadyExistsException>(() => source.CloneAsync(new CloneThreadRequest { Id = "taken" }));
    }

    [Fact]
    public async Task Clone_UpToSeqPastEnd_ThrowsInvalidArgument()
    {
        var source = await CreateWithMessagesAsync("src4", 2);

        await Assert.ThrowsAsync<InvalidArgumentException>(() => source.CloneAsync(new CloneThreadRequest { UpToSeq = 3 }));
    }

    [Fact]
    public async Task Trim_KeepLast_DropsOlderKeepsSeqs()
    {
        var thread = Thread("trim");
        await thread.CreateAsync(new CreateThreadRequest { Messages = [NewMessage.FromText(MessageRole.System, "be nice")] });
        for (var i = 2; i <= 10; i++)
        {
            await thread.AppendAsync(new AppendMessagesRequest { Messages = [User($"m{i}")] });
        }

        var result = await thread.TrimAsync(new TrimRequest(KeepLast: 3));

        Assert.Equal(6, result.Removed);
        Assert.Equal(4, result.Thread.MessageCount);
        Assert.Equal([1L, 8L, 9L, 10L], (await ReadAllAsync(thread)).Select(m => m.Seq));
        var next = await thread.AppendAsync(new AppendMessagesRequest { Messages = [User("after trim")] });
        Assert.Equal(11, next.LastSeq);
    }

    [Fact]
    public async Task Trim_WithoutKeepSystem_DropsSystemToo()
    {
        var thread = Thread("trim2");
        await thread.CreateAsync(new CreateThreadRequest { Messages = [NewMessage.FromText(MessageRole.System, "sys"), User("a"), User("b")] });

        var result = await thread.TrimAsync(new TrimRequest(KeepLast: 1, KeepSystem: false));

        Assert.Equal(2, result.Removed);
        Assert.Equal([3L], (await ReadAllAsync(thread)).Select(m => m.Seq));
    }

    [Fact]
    public async Task List_Resource_NewestFirstWithFilters()
    {
        await Thread("l1").CreateAsync(new CreateThreadRequest { ResourceId = "res", UserId = "alice", Metadata = new Dictionary<string, string> { ["k"] = "v" } });
        await Thread("l2").CreateAsync(new CreateThreadRequest { ResourceId = "res", UserId = "bob" });
        await Thread("l3").CreateAsync(new CreateThreadRequest { ResourceId = "res", Hidden = true });
        await Thread("l4").CreateAsync(new CreateThreadRequest { ResourceId = "elsewhere" });
        Tick();
        await Thread("l1").AppendAsync(new AppendMessagesRequest { Messages = [User("bump")] });

        var all = await Resource("res").ListThreadsAsync(new ThreadListQuery());
        var withHidden = await Resource("res").ListThreadsAsync(new ThreadListQuery { IncludeHidden = true });
        var bobs = await Resource("res").ListThreadsAsync(new ThreadListQuery { UserId = "bob" });
        var tagged = await Resource("res").ListThreadsAsync(new ThreadListQuery { Metadata = new Dictionary<string, string> { ["k"] = "v" } });
        var everywhere = await Resource(IResourceIndexGrain.AllResources).ListThreadsAsync(new ThreadListQuery());

        Assert.Equal(["l1", "l2"], all.Threads.Select(t => t.Id));
        Assert.Equal(3, withHidden.Threads.Count);
        Assert.Equal(["l2"], bobs.Threads.Select(t => t.Id));
        Assert.Equal(["l1"], tagged.Threads.Select(t => t.Id));
        Assert.Equal(3, everywhere.Threads.Count);
        Assert.Contains(everywhere.Threads, t => t.Id == "l4");
    }

    [Fact]
    public async Task List_Archived_FiltersBothWays()
    {
        await Thread("a1").CreateAsync(new CreateThreadRequest { ResourceId = "arch" });
        await Thread("a2").CreateAsync(new CreateThreadRequest { ResourceId = "arch" });
        await Thread("a2").UpdateAsync(new UpdateThreadRequest { Archived = true });

        var archived = await Resource("arch").ListThreadsAsync(new ThreadListQuery { Archived = true });
        var active = await Resource("arch").ListThreadsAsync(new ThreadListQuery { Archived = false });
        var both = await Resource("arch").ListThreadsAsync(new ThreadListQuery());

        Assert.Equal(["a2"], archived.Threads.Select(t => t.Id));
        Assert.Equal(["a1"], active.Threads.Select(t => t.Id));
        Assert.Equal(2, both.Threads.Count);
    }

    [Fact]
    public async Task List_FollowCursor_EveryThreadOnceInOrder()
    {
        for (var i = 0; i < 25; i++)
        {
            await Thread($"p{i:00}").CreateAsync(new CreateThreadRequest { ResourceId = "paged" });
            if (i % 3 == 0)
            {
                // Some ties, some not: the order is updatedAt, then id, both descending.
                Tick();
            }
        }

        var seen = new List<ThreadInfo>();
        string? cursor = null;
        do
        {
            var page = await Resource("paged").ListThreadsAsync(new ThreadListQuery { Limit = 7, Cursor = cursor });
            seen.AddRange(page.Threads);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(25, seen.Select(t => t.Id).Distinct().Count());
        var expected = seen.OrderByDescending(t => t.UpdatedAt).ThenByDescending(t => t.Id, StringComparer.Ordinal).Select(t => t.Id);
        Assert.Equal(expected, seen.Select(t => t.Id));
    }

    [Fact]
    public async Task List_OtherNamespace_SeesNothing()
    {
        await Thread("mine").CreateAsync(new CreateThreadRequest { ResourceId = "shared-res" });

        var other = await Grains.GetResourceIndex(Ns + "x", "shared-res").ListThreadsAsync(new ThreadListQuery());

        Assert.Empty(other.Threads);
        await Assert.ThrowsAsync<NotFoundException>(() => Grains.GetThread(Ns + "x", "mine").GetAsync());
    }

    [Fact]
    public async Task SameId_TwoNamespaces_SeparateConversations()
    {
        var here = Thread("same");
        var there = Grains.GetThread(Ns + "y", "same");
        await here.CreateAsync(new CreateThreadRequest { Messages = [User("here")] });
        await there.CreateAsync(new CreateThreadRequest { Messages = [User("there"), User("again")] });

        Assert.Equal(["here"], (await ReadAllAsync(here)).Select(m => ((TextPart)m.Content[0]).Text));
        Assert.Equal(2, (await there.GetAsync()).MessageCount);
    }

    [Fact]
    public async Task CurrentThread_NoneThenSome_CreatesOnceThenReturnsNewest()
    {
        var first = await Resource("cur").GetCurrentThreadAsync(new CurrentThreadRequest { Title = "fresh" });
        var again = await Resource("cur").GetCurrentThreadAsync(new CurrentThreadRequest());
        Tick();
        await Thread("newer").CreateAsync(new CreateThreadRequest { ResourceId = "cur" });
        Tick();
        await Thread("hidden").CreateAsync(new CreateThreadRequest { ResourceId = "cur", Hidden = true });
        var latest = await Resource("cur").GetCurrentThreadAsync(new CurrentThreadRequest());

        Assert.True(first.Created);
        Assert.Equal("fresh", first.Thread.Title);
        Assert.Equal("cur", first.Thread.ResourceId);
        Assert.False(again.Created);
        Assert.Equal(first.Thread.Id, again.Thread.Id);
        Assert.False(latest.Created);
        Assert.Equal("newer", latest.Thread.Id);
    }

    [Fact]
    public async Task CurrentThread_ConcurrentCallers_CreateOnlyOne()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            Task.Run(() => Resource("race").GetCurrentThreadAsync(new CurrentThreadRequest()))));

        Assert.Single(results.Select(r => r.Thread.Id).Distinct());
        Assert.Single(results, r => r.Created);
    }

    protected static async Task<List<ThreadMessage>> ReadAllAsync(IThreadGrain thread)
    {
        var all = new List<ThreadMessage>();
        string? cursor = null;
        do
        {
            var page = await thread.GetMessagesAsync(new MessageQuery { Limit = 200, Cursor = cursor });
            all.AddRange(page.Messages);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return all;
    }
}
