using System.Text.Json;
using Threads.Grains.Serialization;
using Threads.Grains.Storage;

namespace Threads.Grains.Tests.Storage;

/// <summary>
/// The rules every <see cref="IThreadStore"/> keeps, run against each provider by a class deriving from this one.
/// Every test works in its own namespace, so a database shared by tests (and by test classes) is fine.
/// </summary>
public abstract partial class ThreadStoreConformanceTests : IAsyncDisposable
{
    protected static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly List<IThreadStore> _stores = [];

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A new, initialized store; the suite disposes it at the end of the test.</summary>
    protected abstract Task<IThreadStore> CreateStoreAsync();

    /// <summary>Another store instance over the same database as <see cref="CreateStoreAsync"/> (another silo); a provider without a shared database may return the same instance.</summary>
    protected virtual Task<IThreadStore> CreateSecondStoreAsync() => CreateStoreAsync();

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores.Distinct())
        {
            if (store is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
        }

        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task InitializeAsync_CalledAgain_IsIdempotent()
    {
        var store = await StoreAsync();
        await store.InitializeAsync(Ct);
        var (ns, id) = NewIds();

        Assert.True(await store.CreateThreadAsync(NewThread(ns, id), [], Ct));
        Assert.True(await store.PingAsync(Ct));
    }

    [Fact]
    public async Task CreateThreadAsync_NewId_StoresHeaderAndMessages()
    {
        var store = await StoreAsync();
        var (ns, id) = NewIds();
        var thread = NewThread(ns, id, messageCount: 2) with
        {
            Thread = NewThread(ns, id, messageCount: 2).Thread with
            {
                ResourceId = "res-1",
                UserId = "alice",
                Title = "A title with ünïcödé and \"quotes\"",
                Metadata = new Dictionary<string, string> { ["model"] = "gpt", ["weird key.with$chars"] = "v\n\"x\"" },
                Parent = new ParentLink("thread_src", 7),
                Hidden = true,
                Archived = true,
                StateSchemaId = "schema-1",
                Version = 3,
            },
        };
        ThreadMessage[] messages = [Message(1, "hello", MessageRole.System), Message(2, "world", MessageRole.User, runId: "run-1")];

        Assert.True(await store.CreateThreadAsync(thread, messages, Ct));

        AssertSame(thread, await store.GetThreadAsync(ns, id, Ct));
        AssertSame(messages, await ReadAllAsync(store, ns, id));
    }

    [Fact]
    public async Task CreateThreadAsync_IdTaken_ReturnsFalseAndKeepsTheFirst()
    {
        var store = await StoreAsync();
        var (ns, id) = NewIds();
        var first = NewThread(ns, id, messageCount: 1);
        await store.CreateThreadAsync(first, [Message(1, "first")], Ct);
        var second = NewThread(ns, id, messageCount: 2) with { Thread = NewThread(ns, id, messageCount: 2).Thread with { Title = "second" } };

        Assert.False(await store.CreateThreadAsync(second, [Message(1, "a"), Message(2, "b")], Ct));

        AssertSame(first, await store.GetThreadAsync(ns, id, Ct));
        Assert.Equal(["first"], Texts(await ReadAllAsync(store, ns, id)));
    }

    [Fact]
    public async Task GetThreadAsync_Missing_ReturnsNull()
    {
        var store = await StoreAsync();
        var (ns, id) = NewIds();

        Assert.Null(await store.GetThreadAsync(ns, id, Ct));
        Assert.Null(await store.GetETagAsync(ns, id, Ct));
    }

    [Fact]
    public async Task GetETagAsync_Existing_ReturnsStoredETag()
    {
        var store = await StoreAsync();
        var (ns, id) = NewIds();
        await store.CreateThreadAsync(NewThread(ns, id) with { ETag = 41 }, [], Ct);

        Assert.Equal(41, await store.GetETagAsync(ns, id, Ct));
    }

    [Fact]
    public async Task UpdateThreadAsync_CurrentETag_ReplacesHeader()
    {
        var store = await StoreAsync();
        var (ns, id) = NewIds();
        var created = NewThread(ns, id);
        await store.CreateThreadAsync(created, [], Ct);
        var updated = new StoredThread(
            created.Thread with
            {
                Title = "renamed",
                ResourceId = "res-2",
                UserId = "bob",
                Metadata = new Dictionary<string, string> { ["k"] = "v" },
                Hidden = true,
                Archived = true,
                StateSchemaId = "schema-2",
                UpdatedAt = T0.AddMinutes(5),
                Version = 2,
            },
            created.ETag + 1);

        Assert.True(await store.UpdateThreadAsync(updated, created.ETag, Ct));

        AssertSame(updated, await store.GetThreadAsync(ns, id, Ct));
        Assert.Equal(updated.ETag, await store.GetETagAsync(ns, id, Ct));
    }

    [Fact]
    public async Task UpdateThreadAsync_StaleETag_ReturnsFalseAndChangesNothing()
    {
        var store = await StoreAsync();
        var (ns, id) = NewIds();
        var created = NewThread(ns, id);
        await store.CreateThreadAsync(created, [], Ct);
        var stale = new StoredThread(created.Thread with { Title = "lost" }, created.ETag + 1);

        Assert.False(await store.UpdateThreadAsync(stale, created.ETag - 1, Ct));

        AssertSame(created, await store.GetThreadAsync(ns, id, Ct));
    }

    [Fact]
    public async Task UpdateThreadAsync_Missing_ReturnsFalseAndCreatesNothing()
    {
        var store = await StoreAsync();
        var (ns, id) = NewIds();

        Assert.False(await store.UpdateThreadAsync(NewThread(ns, id) with { ETag = 2 }, 1, Ct));

        Assert.Null(await store.GetThreadAsync(ns, id, Ct));
    }

    [Fact]
    public async Task AppendAsync_CurrentETag_AppendsContiguousSeqsAndUpdatesHeader()
    {
        var store = await StoreAsync();
        var (ns, id) = NewIds();
        var created = NewThread(ns, id, messageCount: 1);
        await store.CreateThreadAsync(created, [Message(1, "one")], Ct);

        var next = Advance(created, 2);
        var outcome = await store.AppendAsync(new AppendBatch(next, created.ETag, [Message(2, "two"), Message(3, "three")], null), Ct);

        Assert.Equal(AppendOutcome.Appended, outcome);
        AssertSame(next, await store.GetThreadAsync(ns, id, Ct));
        var all = await ReadAllAsync(store, ns, id);
        Assert.Equal([1L, 2L, 3L], all.Select(m => m.Seq));
        Assert.Equal(["one", "two", "three"], Texts(all));
    }

    [Fact]
    public async Task AppendAsync_StaleETag_ReturnsConflictAndWritesNothing()
    {
        var store = await StoreAsync();
        var (ns, id) = NewIds();
        var created = NewThread(ns, id, messageCount: 1);
        await store.CreateThreadAsync(created, [Message(1, "one")], Ct);
        var first = Advance(created, 1);
        await store.AppendAsync(new AppendBatch(first, created.ETag, [Message(2, "two")], null), Ct);
        var record = Idempotency(ns, "key-" + id, id);

        var outcome = await store.AppendAsync(new AppendBatch(Advance(created, 1), created.ETag, [Message(2, "late")], record), Ct);

        Assert.Equal(AppendOutcome.Conflict, outcome);
        AssertSame(first, await store.GetThreadAsync(ns, id, Ct));
        Assert.Equal(["one", "two"], Texts(await ReadAllAsync(store, ns, id)));
        Assert.Null(await store.GetIdempotencyAsync(ns, record.Key, Ct));
    }

    [Fact]
    public async Task AppendAsync_MovesLogOnly_MovesTheLogAndKeepsTheRestOfTheHeader()
    {
        var store = await StoreAsync();
        var (ns, id) = NewIds();
        var created = NewThread(ns, id, messageCount: 1, resourceId: "r1") with
        {
            StateJson = "{\"step\":3}",
            StateVersion = 4,
            LockHolder = "agent-7",
            LockExpiresAt = T0.AddMinutes(5),
            LockToken = 9,
        };
        created = created with { Thread = created.Thread with { Title = "kept", Metadata = new Dictionary<string, string> { ["k"] = "v" }, Hidden = true } };
        await store.CreateThreadAsync(created, [Message(1, "one")], Ct);

        var next = Advance(created, 2, T0.AddMinutes(1));
        var outcome = await store.AppendAsync(new AppendBatch(next, created.ETag, [Message(2, "two"), Message(3, "three")], null) { MovesLogOnly = true }, Ct);
        var stale = await store.AppendAsync(new AppendBatch(Advance(created, 1), created.ETag, [Message(2, "late")], null) { MovesLogOnly = true }, Ct);

        Assert.Equal(AppendOutcome.Appended, outcome);
        Assert.Equal(AppendOutcome.Conflict, stale);
        AssertSame(next, await store.GetThreadAsync(ns, id, Ct));
        Assert.Equal(["one", "two", "three"], Texts(await ReadAllAsync(store, ns, id)));
        var listed = await store.ListThreadsAsync(ns, new ThreadFilter { ResourceId = "r1", IncludeHidden = true, Limit = 10 }, Ct);
        Assert.Equal(T0.AddMinutes(1), Assert.Single(listed).UpdatedAt);
    }

    [Fact]
    public async Task AppendAsync_MissingThread_ReturnsConflictAndWritesNothing()
    {
        var store = await StoreAsync();
        var (ns, id) = NewIds();

        var outcome = await store.AppendAsync(new AppendBatch(NewThread(ns, id, messageCount: 1) with { ETag = 2 }, 1, [Message(1, "x")], null), Ct);

        Assert.Equal(AppendOutcome.Conflict, outcome);
        Assert.Null(await store.GetThreadAsync(ns, id, Ct));
        Assert.Empty(await ReadAllAsync(store, ns, id));
    }

    [Fact]
    public async Task AppendAsync_WithIdempotencyRecord_KeepsTheRecord()
    {
        var store = await StoreAsync();
        var (ns, id) = NewIds();
        var created = NewThread(ns, id);
        await store.CreateThreadAsync(created, [], Ct);
        var record = Idempotency(ns, "key-" + id, id);

        Assert.Equal(AppendOutcome.Appended, await store.AppendAsync(new AppendBatch(Advance(created, 1), created.ETag, [Message(1, "x")], record), Ct));

        Assert.Equal(record, await store.GetIdempotencyAsync(ns, record.Key, Ct));
    }

    [Fact]
    public async Task AppendAsync_DuplicateIdempotencyKey_ReturnsDuplicateRequestAndWritesNothing()
    {
        var store = await StoreAsync();
        var (ns, id) = NewIds();
        var created = NewThread(ns, id);
        await store.CreateThreadAsync(created, [], Ct);
        var record = Idempotency(ns, "key-" + id, id);
        var first = Advance(created, 1);
        await store.AppendAsync(new AppendBatch(first, created.ETag, [Message(1, "x")], record), Ct);

        var retry = record with { Response = "{\"other\":true}" };
        var outcome = await store.AppendAsync(new AppendBatch(Advance(first, 1), first.ETag, [Message(2, "again")], retry), Ct);

        Assert.Equal(AppendOutcome.DuplicateRequest, outcome);
        AssertSame(first, await store.GetThreadAsync(ns, id, Ct));
        Assert.Equal(["x"], Texts(await ReadAllAsync(store, ns, id)));
        Assert.Equal(record, await store.GetIdempotencyAsync(ns, record.Key, Ct));
    }

    [Fact]
    public async Task ReadMessagesAsync_AscendingAfterWithLimit_ReturnsNextSlice()
    {
        var (store, ns, id) = await ThreadWithMessagesAsync(10);

        var page = await store.ReadMessagesAsync(ns, id, new MessageRange(After: 3, Before: null, Descending: false, Limit: 4), Ct);

        Assert.Equal([4L, 5L, 6L, 7L], page.Select(m => m.Seq));
    }

    [Fact]
    public async Task ReadMessagesAsync_DescendingBeforeWithLimit_ReturnsNewestFirst()
    {
        var (store, ns, id) = await ThreadWithMessagesAsync(10);

        var page = await store.ReadMessagesAsync(ns, id, new MessageRange(After: null, Before: 8, Descending: true, Limit: 3), Ct);

        Assert.Equal([7L, 6L, 5L], page.Select(m => m.Seq));
    }

    [Fact]
    public async Task ReadMessagesAsync_DescendingNoBounds_ReturnsTheLastMessages()
    {
        var (store, ns, id) = await ThreadWithMessagesAsync(10);

        var page = await store.ReadMessagesAsync(ns, id, new MessageRange(null, null, Descending: true, Limit: 3), Ct);

        Assert.Equal([10L, 9L, 8L], page.Select(m => m.Seq));
    }

    [Fact]
    public async Task ReadMessagesAsync_AfterAndBefore_ReturnsOnlyBetween()
    {
        var (store, ns, id) = await ThreadWithMessagesAsync(10);

        var ascending = await store.ReadMessagesAsync(ns, id, new MessageRange(After: 2, Before: 6, Descending: false, Limit: 100), Ct);
        var descending = await store.ReadMessagesAsync(ns, id, new MessageRange(After: 2, Before: 6, Descending: true, Limit: 100), Ct);

        Assert.Equal([3L, 4L, 5L], ascending.Select(m => m.Seq));
        Assert.Equal([5L, 4L, 3L], descending.Select(m => m.Seq));
    }

    [Fact]
    public async Task ReadMessagesAsync_RunId_ReturnsOnlyThatRunsMessages()
    {
        var store = await StoreAsync();
        var (ns, id) = NewIds();
        var messages = Enumerable.Range(1, 9).Select(i => Message(i, $"m{i}", runId: (i % 3) switch { 0 => "run-a", 1 => "run-b", _ => null })).ToArray();
        await store.CreateThreadAsync(NewThread(ns, id, messageCount: messages.Length), messages, Ct);

        var ascending = await store.ReadMessagesAsync(ns, id, new MessageRange(null, null, false, 100, RunId: "run-a"), Ct);
        var descendingAfter = await store.ReadMessagesAsync(ns, id, new MessageRange(After: 1, Before: null, true, 2, RunId: "run-b"), Ct);
        var none = await store.ReadMessagesAsync(ns, id, new MessageRange(null, null, false, 100, RunId: "run-z"), Ct);

        Assert.Equal([3L, 6L, 9L], ascending.Select(m => m.Seq));
        Assert.All(ascending, m => Assert.Equal("run-a", m.RunId));
        Assert.Equal([7L, 4L], descendingAfter.Select(m => m.Seq));
        Assert.Empty(none);
    }

    [Fact]
    public async Task ReadMessagesAsync_MissingThread_ReturnsEmpty()
    {
        var store = await StoreAsync();
        var (ns, id) = NewIds();

        Assert.Empty(await store.ReadMessagesAsync(ns, id, new MessageRange(null, null, false, 10), Ct));
    }

    [Fact]
    public async Task ReadMessagesAsync_ZeroLimit_ReturnsEmpty()
    {
        var (store, ns, id) = await ThreadWithMessagesAsync(3);

        Assert.Empty(await store.ReadMessagesAsync(ns, id, new MessageRange(null, null, false, 0), Ct));
    }

    [Fact]
    public async Task ReadMessagesAsync_AnyContentPart_RoundTrips()
    {
        var store = await StoreAsync();
        var (ns, id) = NewIds();
        var message = new ThreadMessage
        {
            Seq = 1,
            Id = NewMessageId(),
            Role = MessageRole.Assistant,
            UserId = "alice",
            RunId = "run-1",
            CreatedAt = T0.AddMilliseconds(123),
            Metadata = new Dictionary<string, string> { ["model"] = "m-1", ["tokens"] = "42", ["ünï"] = "✓" },
            Content =
            [
                new TextPart("plain \"quoted\" \\ back\\slash\n new line \t tab \u0001 ctrl 日本語 🎉"),
                new DataPart("image/png", "iVBORw0KGgo="),
                new ErrorPart("it broke"),
                new ToolCallPart("call-1", "search"),
                new ToolResultPart("call-1", IsError: true),
            ],
        };

        await store.CreateThreadAsync(NewThread(ns, id, messageCount: 1), [message], Ct);

        AssertSame([message], await ReadAllAsync(store, ns, id));
    }

    [Fact]
    public async Task ReadMessagesAsync_ArbitraryToolJson_RoundTripsExactly()
    {
        var store = await StoreAsync();
        var (ns, id) = NewIds();
        const string Arguments = """
            {"big":12345678901234567890,"float":1.0,"exp":1e400,"neg":-0.0,"text":"ünïcödé 日本 🎉 \"q\" \\ \n \u0000x",
             "nested":{"a":[1,[2,[3,{"deep":null}]],true,false],"empty":{},"list":[]},"ws" :  [ 1 , 2 ]}
            """;
        const string Result = """[1,"two",{"three":3.14159265358979323846264338327950288},null,"\ud83c\udf89"]""";
        var message = Message(1, "unused") with
        {
            Content =
            [
                new ToolCallPart("call-1", "calc", JsonElement.Parse(Arguments)),
                new ToolResultPart("call-1", JsonElement.Parse(Result)),
                new ToolResultPart("call-2", JsonElement.Parse("\"just a string\"")),
                new ToolResultPart("call-3", JsonElement.Parse("12345678901234567890123456789")),
            ],
        };

        await store.CreateThreadAsync(NewThread(ns, id, messageCount: 1), [message], Ct);
        var read = Assert.Single(await ReadAllAsync(store, ns, id));

        var call = Assert.IsType<ToolCallPart>(read.Content[0]);
        var arguments = call.Arguments!.Value;
        Assert.Equal("12345678901234567890", arguments.GetProperty("big").GetRawText());
        Assert.Equal("1.0", arguments.GetProperty("float").GetRawText());
        Assert.Equal("1e400", arguments.GetProperty("exp").GetRawText());
        Assert.Equal("-0.0", arguments.GetProperty("neg").GetRawText());
        Assert.Equal("ünïcödé 日本 🎉 \"q\" \\ \n \0x", arguments.GetProperty("text").GetString());
        Assert.True(JsonElement.DeepEquals(JsonElement.Parse(Arguments), arguments));
        var result = Assert.IsType<ToolResultPart>(read.Content[1]).Result!.Value;
        Assert.Equal("3.14159265358979323846264338327950288", result[2].GetProperty("three").GetRawText());
        Assert.Equal("🎉", result[4].GetString());
        Assert.True(JsonElement.DeepEquals(JsonElement.Parse(Result), result));
        Assert.Equal("just a string", Assert.IsType<ToolResultPart>(read.Content[2]).Result!.Value.GetString());
        Assert.Equal("12345678901234567890123456789", Assert.IsType<ToolResultPart>(read.Content[3]).Result!.Value.GetRawText());
    }

    [Fact]
    public async Task TrimAsync_WithoutKeepSystem_RemovesThroughSeqAndSetsCount()
    {
        var store = await StoreAsync();
        var (ns, id) = NewIds();
        ThreadMessage[] messages = [Message(1, "sys", MessageRole.System), .. Enumerable.Range(2, 9).Select(i => Message(i, $"m{i}"))];
        var created = NewThread(ns, id, messageCount: 10);
        await store.CreateThreadAsync(created, messages, Ct);
        var trimmed = new StoredThread(created.Thread with { UpdatedAt = T0.AddMinutes(1) }, created.ETag + 1);

        var removed = await store.TrimAsync(trimmed, created.ETag, throughSeq: 6, keepSystem: false, Ct);

        Assert.Equal(6, removed);
        Assert.Equal([7L, 8L, 9L, 10L], (await ReadAllAsync(store, ns, id)).Select(m => m.Seq));
        var header = await store.GetThreadAsync(ns, id, Ct);
        Assert.NotNull(header);
        Assert.Equal(4, header.Thread.MessageCount);
        Assert.Equal(10, header.Thread.LastSeq);
        Assert.Equal(trimmed.ETag, header.ETag);
        Assert.Equal(T0.AddMinutes(1), header.Thread.UpdatedAt);
    }

    [Fact]
    public async Task TrimAsync_KeepSystem_KeepsSystemMessages()
    {
        var store = await StoreAsync();
        var (ns, id) = NewIds();
        ThreadMessage[] messages =
        [
            Message(1, "sys", MessageRole.System), Message(2, "u"), Message(3, "sys2", MessageRole.System), Message(4, "a", MessageRole.Assistant),
            Message(5, "u2"),
        ];
        var created = NewThread(ns, id, messageCount: 5);
        await store.CreateThreadAsync(created, messages, Ct);

        var removed = await store.TrimAsync(created with { ETag = created.ETag + 1 }, created.ETag, throughSeq: 4, keepSystem: true, Ct);

        Assert.Equal(2, removed);
        Assert.Equal([1L, 3L, 5L], (await ReadAllAsync(store, ns, id)).Select(m => m.Seq));
        Assert.Equal(3, (await store.GetThreadAsync(ns, id, Ct))!.Thread.MessageCount);
    }

    [Fact]
    public async Task TrimAsync_Twice_CountsOnlyWhatIsLeft()
    {
        var (store, ns, id) = await ThreadWithMessagesAsync(10);
        var current = (await store.GetThreadAsync(ns, id, Ct))!;
        await store.TrimAsync(current with { ETag = current.ETag + 1 }, current.ETag, 3, keepSystem: false, Ct);

        var removed = await store.TrimAsync(current with { ETag = current.ETag + 2 }, current.ETag + 1, 5, keepSystem: false, Ct);

        Assert.Equal(2, removed);
        Assert.Equal(5, (await store.GetThreadAsync(ns, id, Ct))!.Thread.MessageCount);
    }

    [Fact]
    public async Task TrimAsync_StaleETag_ReturnsNullAndKeepsEverything()
    {
        var (store, ns, id) = await ThreadWithMessagesAsync(5);
        var current = (await store.GetThreadAsync(ns, id, Ct))!;

        var removed = await store.TrimAsync(current with { ETag = current.ETag + 1 }, current.ETag + 7, 4, keepSystem: false, Ct);

        Assert.Null(removed);
        Assert.Equal(5, (await ReadAllAsync(store, ns, id)).Count);
        AssertSame(current, await store.GetThreadAsync(ns, id, Ct));
    }

    [Fact]
    public async Task GetThreadWithNewest_ThreadWithMessages_HeaderAndTheNewestFirst()
    {
        var store = await StoreAsync();
        var (ns, id) = NewIds();
        var current = NewThread(ns, id, messageCount: 2);
        await store.CreateThreadAsync(current, [Message(1, "m1"), Message(2, "m2")], Ct);
        for (var seq = 3; seq <= 5; seq++)
        {
            var next = Advance(current, 1);
            Assert.Equal(AppendOutcome.Appended, await store.AppendAsync(new AppendBatch(next, current.ETag, [Message(seq, $"m{seq}")], null), Ct));
            current = next;
        }

        var three = await store.GetThreadWithNewestAsync(ns, id, 3, Ct);
        var all = await store.GetThreadWithNewestAsync(ns, id, 10, Ct);

        Assert.NotNull(three);
        Assert.Equal(current.ETag, three.Thread.ETag);
        Assert.Equal(5, three.Thread.Thread.LastSeq);
        Assert.Equal(["m5", "m4", "m3"], Texts(three.Newest));
        Assert.Equal(["m5", "m4", "m3", "m2", "m1"], Texts(all!.Newest));
        Assert.Null(await store.GetThreadWithNewestAsync(ns, NewThreadId(), 3, Ct));
        Assert.Null(await store.GetThreadWithNewestAsync(NewNamespace(), id, 3, Ct));
    }

    [Fact]
    public async Task Messages_CreatedThenAppended_ReadTrimAndCloneSeeOneLog()
    {
        var store = await StoreAsync();
        var (ns, id) = NewIds();
        var current = NewThread(ns, id, messageCount: 4);
        await store.CreateThreadAsync(current, [Message(1, "sys", MessageRole.System), Message(2, "m2"), Message(3, "m3"), Message(4, "m4")], Ct);
        for (var seq = 5; seq <= 10; seq++)
        {
            var next = Advance(current, 1);
            var message = Message(seq, $"m{seq}", seq == 6 ? MessageRole.System : null, runId: seq % 2 == 0 ? "run-even" : null);
            Assert.Equal(AppendOutcome.Appended, await store.AppendAsync(new AppendBatch(next, current.ETag, [message], null), Ct));
            current = next;
        }

        Assert.Equal([10L, 9L, 8L], (await store.ReadMessagesAsync(ns, id, new MessageRange(null, null, true, 3), Ct)).Select(m => m.Seq));
        Assert.Equal([3L, 4L, 5L, 6L], (await store.ReadMessagesAsync(ns, id, new MessageRange(2, 7, false, 10), Ct)).Select(m => m.Seq));
        Assert.Equal([6L, 8L, 10L], (await store.ReadMessagesAsync(ns, id, new MessageRange(null, null, false, 10, "run-even"), Ct)).Select(m => m.Seq));
        var cloneId = NewThreadId();
        var clone = NewThread(ns, cloneId) with { Thread = NewThread(ns, cloneId).Thread with { Parent = new ParentLink(id, 7), LastSeq = 7 } };
        Assert.Equal(7, await store.CloneThreadAsync(id, clone, Ct));
        Assert.Equal(["sys", "m2", "m3", "m4", "m5", "m6", "m7"], Texts(await ReadAllAsync(store, ns, cloneId)));

        var removed = await store.TrimAsync(current with { ETag = current.ETag + 1 }, current.ETag, throughSeq: 8, keepSystem: true, Ct);

        Assert.Equal(6, removed);
        Assert.Equal([1L, 6L, 9L, 10L], (await ReadAllAsync(store, ns, id)).Select(m => m.Seq));
        Assert.Equal(4, (await store.GetThreadAsync(ns, id, Ct))!.Thread.MessageCount);
        Assert.True(await store.DeleteThreadAsync(ns, id, null, Ct));
        Assert.Empty(await ReadAllAsync(store, ns, id));
        Assert.Equal(7, (await ReadAllAsync(store, ns, cloneId)).Count);
    }

    [Fact]
    public async Task CloneThreadAsync_UpToSeq_CopiesThoseMessagesAndSetsCount()
    {
        var (store, ns, id) = await ThreadWithMessagesAsync(10);
        var cloneId = NewThreadId();
        var clone = NewThread(ns, cloneId) with
        {
            Thread = NewThread(ns, cloneId).Thread with { Parent = new ParentLink(id, 6), LastSeq = 6, Title = "branch" },
        };

        var copied = await store.CloneThreadAsync(id, clone, Ct);

        Assert.Equal(6, copied);
        var stored = await store.GetThreadAsync(ns, cloneId, Ct);
        Assert.NotNull(stored);
        Assert.Equal(6, stored.Thread.MessageCount);
        Assert.Equal(new ParentLink(id, 6), stored.Thread.Parent);
        Assert.Equal("branch", stored.Thread.Title);
        var source = await ReadAllAsync(store, ns, id);
        AssertSame(source.Take(6).ToArray(), await ReadAllAsync(store, ns, cloneId));
    }

    [Fact]
    public async Task CloneThreadAsync_AfterTrim_CountsOnlyCopiedMessages()
    {
        var (store, ns, id) = await ThreadWithMessagesAsync(10);
        var current = (await store.GetThreadAsync(ns, id, Ct))!;
        await store.TrimAsync(current with { ETag = current.ETag + 1 }, current.ETag, 4, keepSystem: false, Ct);
        var cloneId = NewThreadId();
        var clone = NewThread(ns, cloneId) with { Thread = NewThread(ns, cloneId).Thread with { Parent = new ParentLink(id, 8), LastSeq = 8 } };

        var copied = await store.CloneThreadAsync(id, clone, Ct);

        Assert.Equal(4, copied);
        Assert.Equal([5L, 6L, 7L, 8L], (await ReadAllAsync(store, ns, cloneId)).Select(m => m.Seq));
    }

    [Fact]
    public async Task CloneThreadAsync_ThenAppendToBoth_KeepsThemIndependent()
    {
        var (store, ns, id) = await ThreadWithMessagesAsync(3);
        var cloneId = NewThreadId();
        var clone = NewThread(ns, cloneId) with { Thread = NewThread(ns, cloneId).Thread with { Parent = new ParentLink(id, 3), LastSeq = 3 } };
        await store.CloneThreadAsync(id, clone, Ct);
        var source = (await store.GetThreadAsync(ns, id, Ct))!;
        var cloned = (await store.GetThreadAsync(ns, cloneId, Ct))!;

        await store.AppendAsync(new AppendBatch(Advance(source, 1), source.ETag, [Message(4, "source-4")], null), Ct);
        await store.AppendAsync(new AppendBatch(Advance(cloned, 1), cloned.ETag, [Message(4, "clone-4")], null), Ct);

        Assert.Equal("source-4", Texts(await ReadAllAsync(store, ns, id))[^1]);
        Assert.Equal("clone-4", Texts(await ReadAllAsync(store, ns, cloneId))[^1]);
        Assert.Equal(4, (await ReadAllAsync(store, ns, cloneId)).Count);
    }

    [Fact]
    public async Task CloneThreadAsync_IdTaken_ReturnsNullAndChangesNothing()
    {
        var (store, ns, id) = await ThreadWithMessagesAsync(3);
        var otherId = NewThreadId();
        var other = NewThread(ns, otherId, messageCount: 1);
        await store.CreateThreadAsync(other, [Message(1, "other")], Ct);
        var clone = NewThread(ns, otherId) with { Thread = NewThread(ns, otherId).Thread with { Parent = new ParentLink(id, 3), LastSeq = 3 } };

        Assert.Null(await store.CloneThreadAsync(id, clone, Ct));

        AssertSame(other, await store.GetThreadAsync(ns, otherId, Ct));
        Assert.Equal(["other"], Texts(await ReadAllAsync(store, ns, otherId)));
    }

    [Fact]
    public async Task CloneThreadAsync_SourceMissing_ThrowsNotFound()
    {
        var store = await StoreAsync();
        var (ns, id) = NewIds();
        var cloneId = NewThreadId();
        var clone = NewThread(ns, cloneId) with { Thread = NewThread(ns, cloneId).Thread with { Parent = new ParentLink(id, 0) } };

        await Assert.ThrowsAsync<NotFoundException>(() => store.CloneThreadAsync(id, clone, Ct));

        Assert.Null(await store.GetThreadAsync(ns, cloneId, Ct));
    }

    [Fact]
    public async Task DeleteThreadAsync_Existing_RemovesEveryRowOfTheThread()
    {
        var (store, ns, id) = await ThreadWithMessagesAsync(5);
        var current = (await store.GetThreadAsync(ns, id, Ct))!;
        var appendRecord = Idempotency(ns, "append-" + id, id);
        await store.AppendAsync(new AppendBatch(Advance(current, 1), current.ETag, [Message(6, "six")], appendRecord), Ct);
        var putRecord = Idempotency(ns, "put-" + id, id);
        await store.TryPutIdempotencyAsync(putRecord, Ct);
        var unrelated = Idempotency(ns, "other-" + id, "thread_other");
        await store.TryPutIdempotencyAsync(unrelated, Ct);

        Assert.True(await store.DeleteThreadAsync(ns, id, null, Ct));

        Assert.Null(await store.GetThreadAsync(ns, id, Ct));
        Assert.Null(await store.GetETagAsync(ns, id, Ct));
        Assert.Empty(await ReadAllAsync(store, ns, id));
        Assert.Null(await store.GetIdempotencyAsync(ns, appendRecord.Key, Ct));
        Assert.Null(await store.GetIdempotencyAsync(ns, putRecord.Key, Ct));
        Assert.Equal(unrelated, await store.GetIdempotencyAsync(ns, unrelated.Key, Ct));
        Assert.Empty(await store.ListThreadsAsync(ns, new ThreadFilter { IncludeHidden = true }, Ct));
    }

    [Fact]
    public async Task DeleteThreadAsync_ThenCreateSameId_StartsEmpty()
    {
        var (store, ns, id) = await ThreadWithMessagesAsync(5);
        await store.DeleteThreadAsync(ns, id, null, Ct);

        Assert.True(await store.CreateThreadAsync(NewThread(ns, id, messageCount: 1), [Message(1, "fresh")], Ct));

        Assert.Equal(["fresh"], Texts(await ReadAllAsync(store, ns, id)));
    }

    [Fact]
    public async Task DeleteThreadAsync_Missing_ReturnsFalse()
    {
        var store = await StoreAsync();
        var (ns, id) = NewIds();

        Assert.False(await store.DeleteThreadAsync(ns, id, null, Ct));
    }

    [Fact]
    public async Task ListThreadsAsync_NoFilter_OrdersByUpdatedAtDescendingThenIdDescending()
    {
        var store = await StoreAsync();
        var ns = NewNamespace();
        await CreateListedAsync(store, ns, "b", T0.AddSeconds(1));
        await CreateListedAsync(store, ns, "a", T0.AddSeconds(2));
        await CreateListedAsync(store, ns, "c", T0.AddSeconds(2));
        await CreateListedAsync(store, ns, "d", T0);
        await CreateListedAsync(store, ns, "A", T0.AddSeconds(2));

        var listed = await store.ListThreadsAsync(ns, new ThreadFilter(), Ct);

        // Ties on updatedAt are ordered by id descending, ordinally ("c" > "a" > "A").
        Assert.Equal(["c", "a", "A", "b", "d"], listed.Select(t => t.Id));
    }

    [Fact]
    public async Task ListThreadsAsync_Listed_ReturnsFullHeaders()
    {
        var store = await StoreAsync();
        var ns = NewNamespace();
        var thread = NewThread(ns, "t1", messageCount: 2, resourceId: "r");
        thread = thread with
        {
            Thread = thread.Thread with { Metadata = new Dictionary<string, string> { ["a"] = "b" }, Title = "T", UserId = "u", Parent = new ParentLink("p", 1) },
        };
        await store.CreateThreadAsync(thread, [Message(1, "x"), Message(2, "y")], Ct);

        var listed = Assert.Single(await store.ListThreadsAsync(ns, new ThreadFilter { ResourceId = "r" }, Ct));

        AssertSame(thread.Thread, listed);
    }

    [Fact]
    public async Task ListThreadsAsync_ResourceId_ReturnsOnlyThatResourcesThreads()
    {
        var store = await StoreAsync();
        var ns = NewNamespace();
        await CreateListedAsync(store, ns, "t1", T0, resourceId: "r1");
        await CreateListedAsync(store, ns, "t2", T0.AddSeconds(1), resourceId: "r2");
        await CreateListedAsync(store, ns, "t3", T0.AddSeconds(2), resourceId: "r1");
        await CreateListedAsync(store, ns, "t4", T0.AddSeconds(3));

        var r1 = await store.ListThreadsAsync(ns, new ThreadFilter { ResourceId = "r1" }, Ct);
        var all = await store.ListThreadsAsync(ns, new ThreadFilter(), Ct);

        Assert.Equal(["t3", "t1"], r1.Select(t => t.Id));
        Assert.Equal(["t4", "t3", "t2", "t1"], all.Select(t => t.Id));
    }

    [Fact]
    public async Task ListThreadsAsync_UserId_ReturnsOnlyThatUsersThreads()
    {
        var store = await StoreAsync();
        var ns = NewNamespace();
        await CreateListedAsync(store, ns, "t1", T0, resourceId: "r", userId: "alice");
        await CreateListedAsync(store, ns, "t2", T0.AddSeconds(1), resourceId: "r", userId: "bob");
        await CreateListedAsync(store, ns, "t3", T0.AddSeconds(2), resourceId: "r");

        Assert.Equal(["t1"], (await store.ListThreadsAsync(ns, new ThreadFilter { UserId = "alice" }, Ct)).Select(t => t.Id));
        Assert.Equal(["t2"], (await store.ListThreadsAsync(ns, new ThreadFilter { ResourceId = "r", UserId = "bob" }, Ct)).Select(t => t.Id));
    }

    [Fact]
    public async Task ListThreadsAsync_Hidden_LeftOutUnlessIncluded()
    {
        var store = await StoreAsync();
        var ns = NewNamespace();
        await CreateListedAsync(store, ns, "visible", T0, resourceId: "r");
        await CreateListedAsync(store, ns, "hidden", T0.AddSeconds(1), resourceId: "r", hidden: true);

        Assert.Equal(["visible"], (await store.ListThreadsAsync(ns, new ThreadFilter { ResourceId = "r" }, Ct)).Select(t => t.Id));
        Assert.Equal(["visible"], (await store.ListThreadsAsync(ns, new ThreadFilter(), Ct)).Select(t => t.Id));
        Assert.Equal(["hidden", "visible"], (await store.ListThreadsAsync(ns, new ThreadFilter { ResourceId = "r", IncludeHidden = true }, Ct)).Select(t => t.Id));
    }

    [Fact]
    public async Task ListThreadsAsync_Archived_FiltersBothWays()
    {
        var store = await StoreAsync();
        var ns = NewNamespace();
        await CreateListedAsync(store, ns, "active", T0, resourceId: "r");
        await CreateListedAsync(store, ns, "archived", T0.AddSeconds(1), resourceId: "r", archived: true);

        Assert.Equal(["archived"], (await store.ListThreadsAsync(ns, new ThreadFilter { ResourceId = "r", Archived = true }, Ct)).Select(t => t.Id));
        Assert.Equal(["active"], (await store.ListThreadsAsync(ns, new ThreadFilter { Archived = false }, Ct)).Select(t => t.Id));
        Assert.Equal(["archived", "active"], (await store.ListThreadsAsync(ns, new ThreadFilter { ResourceId = "r" }, Ct)).Select(t => t.Id));
    }

    [Fact]
    public async Task ListThreadsAsync_UpdatedAfterAndBefore_AreStrict()
    {
        var store = await StoreAsync();
        var ns = NewNamespace();
        for (var i = 1; i <= 5; i++)
        {
            await CreateListedAsync(store, ns, $"t{i}", T0.AddMilliseconds(i), resourceId: "r");
        }

        var between = await store.ListThreadsAsync(ns, new ThreadFilter { ResourceId = "r", UpdatedAfter = T0.AddMilliseconds(1), UpdatedBefore = T0.AddMilliseconds(5) }, Ct);
        var after = await store.ListThreadsAsync(ns, new ThreadFilter { UpdatedAfter = T0.AddMilliseconds(3) }, Ct);
        var before = await store.ListThreadsAsync(ns, new ThreadFilter { UpdatedBefore = T0.AddMilliseconds(2) }, Ct);

        Assert.Equal(["t4", "t3", "t2"], between.Select(t => t.Id));
        Assert.Equal(["t5", "t4"], after.Select(t => t.Id));
        Assert.Equal(["t1"], before.Select(t => t.Id));
    }

    [Fact]
    public async Task ListThreadsAsync_Metadata_RequiresEveryPair()
    {
        var store = await StoreAsync();
        var ns = NewNamespace();
        await CreateListedAsync(store, ns, "both", T0, resourceId: "r", metadata: new() { ["team"] = "x", ["kind"] = "chat", ["extra"] = "1" });
        await CreateListedAsync(store, ns, "team", T0.AddSeconds(1), resourceId: "r", metadata: new() { ["team"] = "x" });
        await CreateListedAsync(store, ns, "other", T0.AddSeconds(2), resourceId: "r", metadata: new() { ["team"] = "y", ["kind"] = "chat" });
        await CreateListedAsync(store, ns, "quoted", T0.AddSeconds(3), metadata: new() { ["a.b \"c\""] = "it's \"x\"" });

        var both = await store.ListThreadsAsync(ns, new ThreadFilter { ResourceId = "r", Metadata = new Dictionary<string, string> { ["team"] = "x", ["kind"] = "chat" } }, Ct);
        var team = await store.ListThreadsAsync(ns, new ThreadFilter { Metadata = new Dictionary<string, string> { ["team"] = "x" } }, Ct);
        var quoted = await store.ListThreadsAsync(ns, new ThreadFilter { Metadata = new Dictionary<string, string> { ["a.b \"c\""] = "it's \"x\"" } }, Ct);
        var valueIsNotKey = await store.ListThreadsAsync(ns, new ThreadFilter { Metadata = new Dictionary<string, string> { ["x"] = "team" } }, Ct);

        Assert.Equal(["both"], both.Select(t => t.Id));
        Assert.Equal(["team", "both"], team.Select(t => t.Id));
        Assert.Equal(["quoted"], quoted.Select(t => t.Id));
        Assert.Empty(valueIsNotKey);
    }

    [Fact]
    public async Task ListThreadsAsync_Limit_ReturnsAtMostThatMany()
    {
        var store = await StoreAsync();
        var ns = NewNamespace();
        for (var i = 0; i < 5; i++)
        {
            await CreateListedAsync(store, ns, $"t{i}", T0.AddSeconds(i), resourceId: "r");
        }

        Assert.Equal(["t4", "t3"], (await store.ListThreadsAsync(ns, new ThreadFilter { ResourceId = "r", Limit = 2 }, Ct)).Select(t => t.Id));
    }

    [Fact]
    public async Task ListThreadsAsync_AfterKeyset_PagesWithoutGapsOrRepeats()
    {
        var store = await StoreAsync();
        var ns = NewNamespace();
        var expected = new List<string>();
        for (var i = 0; i < 13; i++)
        {
            // Groups of three share an updatedAt, so the id tie-break is what pages over them.
            var id = $"t{i:D2}";
            await CreateListedAsync(store, ns, id, T0.AddSeconds(i / 3), resourceId: "r");
            expected.Add(id);
        }

        expected = [.. expected.OrderByDescending(id => int.Parse(id[1..], System.Globalization.CultureInfo.InvariantCulture) / 3).ThenByDescending(id => id, StringComparer.Ordinal)];
        foreach (var resourceId in new[] { "r", null })
        {
            var seen = new List<string>();
            (DateTimeOffset, string)? after = null;
            while (true)
            {
                var page = await store.ListThreadsAsync(ns, new ThreadFilter { ResourceId = resourceId, Limit = 4, After = after }, Ct);
                seen.AddRange(page.Select(t => t.Id));
                if (page.Count < 4)
                {
                    break;
                }

                after = (page[^1].UpdatedAt, page[^1].Id);
            }

            Assert.Equal(expected, seen);
        }
    }

    [Fact]
    public async Task ListThreadsAsync_AfterAnUpdate_MovesTheThreadToTheFront()
    {
        var store = await StoreAsync();
        var ns = NewNamespace();
        var old = await CreateListedAsync(store, ns, "old", T0, resourceId: "r");
        await CreateListedAsync(store, ns, "new", T0.AddSeconds(1), resourceId: "r");

        await store.AppendAsync(new AppendBatch(Advance(old, 1, T0.AddSeconds(2)), old.ETag, [Message(1, "x")], null), Ct);

        Assert.Equal(["old", "new"], (await store.ListThreadsAsync(ns, new ThreadFilter { ResourceId = "r" }, Ct)).Select(t => t.Id));
    }

    [Fact]
    public async Task Namespaces_SameThreadId_AreIndependent()
    {
        var store = await StoreAsync();
        var ns1 = NewNamespace();
        var ns2 = NewNamespace();
        var id = NewThreadId();
        var first = NewThread(ns1, id, messageCount: 1, resourceId: "r");
        var second = NewThread(ns2, id, messageCount: 2, resourceId: "r");

        Assert.True(await store.CreateThreadAsync(first, [Message(1, "ns1")], Ct));
        Assert.True(await store.CreateThreadAsync(second, [Message(1, "ns2-a"), Message(2, "ns2-b")], Ct));
        Assert.Equal(AppendOutcome.Appended, await store.AppendAsync(new AppendBatch(Advance(first, 1), first.ETag, [Message(2, "ns1-b")], null), Ct));
        Assert.True(await store.TryPutIdempotencyAsync(Idempotency(ns1, "same-key", id), Ct));
        Assert.True(await store.TryPutIdempotencyAsync(Idempotency(ns2, "same-key", id) with { Response = "ns2" }, Ct));
        Assert.True(await store.DeleteThreadAsync(ns1, id, null, Ct));

        Assert.Null(await store.GetThreadAsync(ns1, id, Ct));
        AssertSame(second, await store.GetThreadAsync(ns2, id, Ct));
        Assert.Equal(["ns2-a", "ns2-b"], Texts(await ReadAllAsync(store, ns2, id)));
        Assert.Equal([id], (await store.ListThreadsAsync(ns2, new ThreadFilter { ResourceId = "r" }, Ct)).Select(t => t.Id));
        Assert.Empty(await store.ListThreadsAsync(ns1, new ThreadFilter { ResourceId = "r" }, Ct));
        Assert.Equal("ns2", (await store.GetIdempotencyAsync(ns2, "same-key", Ct))!.Response);
        Assert.Null(await store.GetIdempotencyAsync(ns1, "same-key", Ct));
    }

    [Fact]
    public async Task TryPutIdempotencyAsync_NewKey_KeepsItOnceAndOnlyOnce()
    {
        var store = await StoreAsync();
        var ns = NewNamespace();
        var record = Idempotency(ns, "key-1", null);

        Assert.True(await store.TryPutIdempotencyAsync(record, Ct));
        Assert.False(await store.TryPutIdempotencyAsync(record with { RequestHash = "other", StatusCode = 500 }, Ct));

        Assert.Equal(record, await store.GetIdempotencyAsync(ns, "key-1", Ct));
        Assert.Null(await store.GetIdempotencyAsync(ns, "key-2", Ct));
    }

    [Fact]
    public async Task DeleteIdempotencyAsync_OnlyTheRecordCreatedAtThatTime_FreesTheKey()
    {
        var store = await StoreAsync();
        var ns = NewNamespace();
        var record = Idempotency(ns, "k", null);
        Assert.True(await store.TryPutIdempotencyAsync(record, Ct));
        var kept = await store.GetIdempotencyAsync(ns, "k", Ct);

        var other = await store.DeleteIdempotencyAsync(ns, "k", kept!.CreatedAt.AddMilliseconds(1), Ct);
        var stillThere = await store.GetIdempotencyAsync(ns, "k", Ct);
        var deleted = await store.DeleteIdempotencyAsync(ns, "k", kept.CreatedAt, Ct);

        Assert.False(other);
        Assert.NotNull(stillThere);
        Assert.True(deleted);
        Assert.Null(await store.GetIdempotencyAsync(ns, "k", Ct));
        Assert.True(await store.TryPutIdempotencyAsync(record with { RequestHash = "new" }, Ct));
        Assert.Equal("new", (await store.GetIdempotencyAsync(ns, "k", Ct))?.RequestHash);
    }

    [Fact]
    public async Task PurgeIdempotencyAsync_OlderThanTheCutoff_DeletesOldestFirstUpToTheLimit()
    {
        // Far in the past, so that a purge cannot touch the records of tests running beside this one on the same store.
        var store = await StoreAsync();
        var (ns1, ns2) = (NewNamespace(), NewNamespace());
        var epoch = new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var cutoff = epoch.AddDays(1);
        Assert.True(await store.TryPutIdempotencyAsync(Idempotency(ns1, "oldest", null) with { CreatedAt = epoch.AddHours(-3) }, Ct));
        Assert.True(await store.TryPutIdempotencyAsync(Idempotency(ns2, "older", null) with { CreatedAt = epoch.AddHours(-2) }, Ct));
        Assert.True(await store.TryPutIdempotencyAsync(Idempotency(ns1, "kept", null) with { CreatedAt = cutoff.AddHours(1) }, Ct));

        var first = await store.PurgeIdempotencyAsync(cutoff, 1, Ct);
        var oldestGone = await store.GetIdempotencyAsync(ns1, "oldest", Ct) is null;
        var olderThere = await store.GetIdempotencyAsync(ns2, "older", Ct) is not null;
        var second = await store.PurgeIdempotencyAsync(cutoff, 10, Ct);

        Assert.Equal((1, true, true, 1), (first, oldestGone, olderThere, second));
        Assert.Null(await store.GetIdempotencyAsync(ns2, "older", Ct));
        Assert.NotNull(await store.GetIdempotencyAsync(ns1, "kept", Ct));
    }

    [Fact]
    public async Task AppendAsync_TwoStoresManyWritersOnOneThread_KeepsEveryMessageOnceInOrder()
    {
        const int WritersPerStore = 4;
        const int AppendsPerWriter = 20;
        var stores = new[] { await StoreAsync(), await SecondStoreAsync() };
        var ns = NewNamespace();
        var id = NewThreadId();
        await stores[0].CreateThreadAsync(NewThread(ns, id), [], Ct);

        var writers = Enumerable.Range(0, WritersPerStore * stores.Length).Select(w => Task.Run(async () =>
        {
            var store = stores[w % stores.Length];
            for (var i = 0; i < AppendsPerWriter;)
            {
                var current = (await store.GetThreadAsync(ns, id, Ct))!;
                var message = Message(current.Thread.LastSeq + 1, $"w{w}-{i}");
                var outcome = await store.AppendAsync(new AppendBatch(Advance(current, 1), current.ETag, [message], null), Ct);
                if (outcome == AppendOutcome.Appended)
                {
                    i++;
                }
                else
                {
                    Assert.Equal(AppendOutcome.Conflict, outcome);
                }
            }
        }, Ct));
        await Task.WhenAll(writers);

        const int Total = WritersPerStore * 2 * AppendsPerWriter;
        var all = await ReadAllAsync(store: stores[1], ns, id);
        Assert.Equal(Enumerable.Range(1, Total).Select(i => (long)i), all.Select(m => m.Seq));
        Assert.Equal(Total, all.Select(m => Texts([m])[0]).Distinct().Count());
        for (var w = 0; w < WritersPerStore * 2; w++)
        {
            var own = Texts(all).Where(t => t.StartsWith($"w{w}-", StringComparison.Ordinal)).ToArray();
            Assert.Equal(Enumerable.Range(0, AppendsPerWriter).Select(i => $"w{w}-{i}"), own);
        }

        var header = (await stores[0].GetThreadAsync(ns, id, Ct))!;
        Assert.Equal(Total, header.Thread.LastSeq);
        Assert.Equal(Total, header.Thread.MessageCount);
        Assert.Equal(1 + Total, header.ETag);
    }

    [Fact]
    public async Task PingAsync_Initialized_ReturnsTrue()
    {
        var store = await StoreAsync();

        Assert.True(await store.PingAsync(Ct));
    }

    protected async Task<IThreadStore> StoreAsync()
    {
        var store = await CreateStoreAsync();
        _stores.Add(store);
        return store;
    }

    protected async Task<IThreadStore> SecondStoreAsync()
    {
        var store = await CreateSecondStoreAsync();
        _stores.Add(store);
        return store;
    }

    protected static string NewNamespace() => "ns-" + Guid.NewGuid().ToString("N")[..16];

    protected static string NewThreadId() => Identifiers.NewThreadId();

    protected static (string Ns, string Id) NewIds() => (NewNamespace(), NewThreadId());

    protected static StoredThread NewThread(string ns, string id, long messageCount = 0, string? resourceId = null) =>
        new(
            new ThreadInfo
            {
                Id = id,
                Namespace = ns,
                ResourceId = resourceId,
                MessageCount = messageCount,
                LastSeq = messageCount,
                CreatedAt = T0,
                UpdatedAt = T0,
                Version = 1,
            },
            ETag: 1);

    /// <summary>The header after appending <paramref name="count"/> messages: what a grain writes.</summary>
    protected static StoredThread Advance(StoredThread current, int count, DateTimeOffset? at = null) =>
        current with
        {
            Thread = current.Thread with
            {
                LastSeq = current.Thread.LastSeq + count,
                MessageCount = current.Thread.MessageCount + count,
                UpdatedAt = at ?? current.Thread.UpdatedAt.AddMilliseconds(1),
            },
            ETag = current.ETag + 1,
        };

    protected static ThreadMessage Message(long seq, string text, MessageRole? role = null, string? runId = null) =>
        new()
        {
            Seq = seq,
            Id = NewMessageId(),
            Role = role ?? MessageRole.User,
            RunId = runId,
            Content = [new TextPart(text)],
            CreatedAt = T0.AddMilliseconds(seq),
        };

    protected static IdempotencyRecord Idempotency(string ns, string key, string? threadId) =>
        new(ns, key, "hash-" + key, threadId, 201, "{\"lastSeq\":1}", T0.AddMinutes(1));

    protected static async Task<IReadOnlyList<ThreadMessage>> ReadAllAsync(IThreadStore store, string ns, string id) =>
        await store.ReadMessagesAsync(ns, id, new MessageRange(null, null, false, int.MaxValue), Ct);

    protected static string[] Texts(IEnumerable<ThreadMessage> messages) =>
        [.. messages.Select(m => Assert.IsType<TextPart>(Assert.Single(m.Content)).Text)];

    protected static void AssertSame(StoredThread expected, StoredThread? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.ETag, actual.ETag);
        Assert.Equal(
            (expected.StateJson, expected.StateVersion, expected.LockHolder, expected.LockExpiresAt, expected.LockToken),
            (actual.StateJson, actual.StateVersion, actual.LockHolder, actual.LockExpiresAt, actual.LockToken));
        AssertSame(expected.Thread, actual.Thread);
    }

    protected static void AssertSame(ThreadInfo expected, ThreadInfo actual) =>
        Assert.Equal(
            JsonSerializer.Serialize(expected, ThreadsJsonContext.Default.ThreadInfo),
            JsonSerializer.Serialize(actual, ThreadsJsonContext.Default.ThreadInfo));

    protected static void AssertSame(IReadOnlyList<ThreadMessage> expected, IReadOnlyList<ThreadMessage> actual) =>
        Assert.Equal(
            expected.Select(m => JsonSerializer.Serialize(m, ThreadsJsonContext.Default.ThreadMessage)),
            actual.Select(m => JsonSerializer.Serialize(m, ThreadsJsonContext.Default.ThreadMessage)));

    private async Task<(IThreadStore Store, string Ns, string Id)> ThreadWithMessagesAsync(int count)
    {
        var store = await StoreAsync();
        var (ns, id) = NewIds();
        var messages = Enumerable.Range(1, count).Select(i => Message(i, $"m{i}")).ToArray();
        await store.CreateThreadAsync(NewThread(ns, id, messageCount: count), messages, Ct);
        return (store, ns, id);
    }

    private static async Task<StoredThread> CreateListedAsync(
        IThreadStore store,
        string ns,
        string id,
        DateTimeOffset updatedAt,
        string? resourceId = null,
        string? userId = null,
        bool hidden = false,
        bool archived = false,
        Dictionary<string, string>? metadata = null)
    {
        var thread = new StoredThread(
            NewThread(ns, id, resourceId: resourceId).Thread with
            {
                UserId = userId,
                Hidden = hidden,
                Archived = archived,
                UpdatedAt = updatedAt,
                Metadata = metadata ?? [],
            },
            1);
        Assert.True(await store.CreateThreadAsync(thread, [], Ct));
        return thread;
    }

    private static string NewMessageId() => Identifiers.NewMessageId(TimeProvider.System.GetUtcNow());
}
