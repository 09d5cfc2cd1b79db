using System.Text.Json;
using Threads.Grains.Search.Internal;
using Threads.Grains.Storage;

namespace Threads.Grains.Tests.Storage;

/// <summary>Full-text search: what is indexed, how terms match, the filters inside the query, keyset pages, and writes that remove hits.</summary>
public abstract partial class ThreadStoreConformanceTests
{
    [Fact]
    public async Task SearchAsync_Words_EveryWordMustMatch()
    {
        var (store, ns, id) = await ThreadWithTextsAsync("the invoice is late", "invoice paid", "nothing here", "Late, very late: the INVOICE");

        Assert.Equal([1L, 4L], (await SearchAsync(store, ns, "invoice late")).Select(h => h.Seq).Order());
        Assert.Equal([1L, 2L, 4L], (await SearchAsync(store, ns, "invoice")).Select(h => h.Seq).Order());
        Assert.Empty(await SearchAsync(store, ns, "invoice missing"));
        Assert.All(await SearchAsync(store, ns, "paid"), h => Assert.Equal((id, "assistant"), (h.ThreadId, h.Role)));
    }

    [Fact]
    public async Task SearchAsync_MoreOccurrences_RankFirst()
    {
        var (store, ns, _) = await ThreadWithTextsAsync("invoice and a great many other words around it", "invoice invoice invoice");

        var hits = await SearchAsync(store, ns, "invoice");

        Assert.Equal([2L, 1L], hits.Select(h => h.Seq));
        Assert.True(hits[0].Score > hits[1].Score);
    }

    [Fact]
    public async Task SearchAsync_Phrase_WordsInARow()
    {
        var (store, ns, _) = await ThreadWithTextsAsync("a late payment again", "the payment was late", "late payments");

        Assert.Equal([1L], (await SearchAsync(store, ns, "\"late payment\"")).Select(h => h.Seq));
        Assert.Equal([1L, 2L], (await SearchAsync(store, ns, "late payment")).Select(h => h.Seq).Order());
    }

    [Fact]
    public async Task SearchAsync_Prefix_MatchesWordsStartingWithIt()
    {
        var (store, ns, _) = await ThreadWithTextsAsync("an invoice", "invoicing today", "an envoy", "in voice");

        Assert.Equal([1L, 2L], (await SearchAsync(store, ns, "invo*")).Select(h => h.Seq).Order());
        Assert.Equal([2L], (await SearchAsync(store, ns, "\"invoicing tod\"*")).Select(h => h.Seq));
    }

    [Fact]
    public async Task SearchAsync_IndexesTextToolNamesAndErrors_NotArgumentsResultsDataOrMetadata()
    {
        var store = await StoreAsync();
        var (ns, id) = NewIds();
        var arguments = JsonDocument.Parse("""{"city":"zanzibar"}""").RootElement;
        ThreadMessage[] messages =
        [
            Message(1, "plain words") with { Metadata = new Dictionary<string, string> { ["note"] = "zanzibar" } },
            Message(2, "x", MessageRole.Assistant) with { Content = [new ToolCallPart("call-1", "getweather", arguments)] },
            Message(3, "x", MessageRole.Tool) with { Content = [new ToolResultPart("call-1", arguments), new DataPart("text/plain", "emFuemliYXI=")] },
            Message(4, "x", MessageRole.Assistant) with { Content = [new ErrorPart("quota exceeded for zulu")] },
        ];
        await store.CreateThreadAsync(NewThread(ns, id, messageCount: 4), messages, Ct);

        Assert.Equal([2L], (await SearchAsync(store, ns, "getweather")).Select(h => h.Seq));
        Assert.Equal([4L], (await SearchAsync(store, ns, "quota zulu")).Select(h => h.Seq));
        Assert.Empty(await SearchAsync(store, ns, "zanzibar"));
        Assert.Empty(await SearchAsync(store, ns, "city"));
        Assert.Empty(await SearchAsync(store, ns, "emFuemliYXI"));
        Assert.Empty(await SearchAsync(store, ns, "call"));
    }

    [Fact]
    public async Task SearchAsync_Filters_ResourceThreadRoleUserHidden_AndNamespace()
    {
        var store = await StoreAsync();
        var ns = NewNamespace();
        var a = await CreateSearchableAsync(store, ns, resourceId: "res-a", userId: "alice", texts: ["apple from alice", "apple answer"]);
        var b = await CreateSearchableAsync(store, ns, resourceId: "res-b", userId: "bob", texts: ["apple from bob"]);
        var hidden = await CreateSearchableAsync(store, ns, resourceId: "res-a", userId: "alice", hidden: true, texts: ["apple hidden"]);
        await CreateSearchableAsync(store, NewNamespace(), resourceId: "res-a", userId: "alice", texts: ["apple elsewhere"]);

        string[] Hits(IReadOnlyList<StoredHit> hits) => [.. hits.Select(h => $"{h.ThreadId}/{h.Seq}").Order(StringComparer.Ordinal)];

        Assert.Equal(new[] { $"{a}/1", $"{a}/2", $"{b}/1" }.Order(StringComparer.Ordinal), Hits(await SearchAsync(store, ns, "apple")));
        Assert.Equal(4, (await SearchAsync(store, ns, "apple", new() { Terms = [], IncludeHidden = true })).Count);
        Assert.Equal([$"{b}/1"], Hits(await SearchAsync(store, ns, "apple", new() { Terms = [], ResourceId = "res-b" })));
        Assert.Equal([$"{b}/1"], Hits(await SearchAsync(store, ns, "apple", new() { Terms = [], UserId = "bob" })));
        Assert.Equal([$"{hidden}/1"], Hits(await SearchAsync(store, ns, "apple", new() { Terms = [], ThreadId = hidden, IncludeHidden = true })));
        Assert.Equal([$"{a}/2"], Hits(await SearchAsync(store, ns, "apple", new() { Terms = [], Role = "assistant" })));
        Assert.Empty(await SearchAsync(store, ns, "apple", new() { Terms = [], UserId = "carol" }));
    }

    [Fact]
    public async Task SearchAsync_UserScope_TenThousandOtherUsersMatches_OwnMatchOnTheFirstPage()
    {
        var store = await StoreAsync();
        var ns = NewNamespace();
        for (var user = 0; user < 100; user++)
        {
            await CreateSearchableAsync(store, ns, userId: $"other-{user}", texts: [.. Enumerable.Repeat("the shared secret word", 100)]);
        }

        var own = await CreateSearchableAsync(store, ns, userId: "me", texts: ["my secret, a long way down in the ranking among many other words"]);

        Assert.Equal(10_001, (await SearchAsync(store, ns, "secret", new() { Terms = [], Limit = 20_000 })).Count);
        var hit = Assert.Single(await SearchAsync(store, ns, "secret", new() { Terms = [], UserId = "me", Limit = 20 }));
        Assert.Equal((own, 1L), (hit.ThreadId, hit.Seq));
    }

    [Fact]
    public async Task SearchAsync_KeysetPages_EveryHitOnceInOrder()
    {
        var store = await StoreAsync();
        var ns = NewNamespace();
        for (var t = 0; t < 5; t++)
        {
            await CreateSearchableAsync(store, ns, texts: [.. Enumerable.Range(0, 7).Select(i => $"page {string.Join(' ', Enumerable.Repeat("word", 1 + (i % 3)))} filler {i}")]);
        }

        var all = await SearchAsync(store, ns, "word", new() { Terms = [], Limit = 100 });
        var paged = new List<StoredHit>();
        (double, string, long)? after = null;
        do
        {
            var page = await SearchAsync(store, ns, "word", new() { Terms = [], After = after, Limit = 4 });
            paged.AddRange(page);
            after = page.Count == 4 ? (page[^1].Score, page[^1].ThreadId, page[^1].Seq) : null;
        }
        while (after is not null);

        Assert.Equal(35, all.Count);
        Assert.Equal(all.Select(h => (h.ThreadId, h.Seq)), paged.Select(h => (h.ThreadId, h.Seq)));
        Assert.Equal(all.Select(h => h.Score), all.Select(h => h.Score).OrderDescending());
    }

    [Fact]
    public async Task SearchAsync_AfterAppendTrimCloneImportAndDelete_HitsFollowTheLog()
    {
        var store = await StoreAsync();
        var (ns, id) = NewIds();
        var created = NewThread(ns, id, messageCount: 2);
        await store.CreateThreadAsync(created, [Message(1, "kiwi one"), Message(2, "kiwi two")], Ct);
        var appended = Advance(created, 2);
        await store.AppendAsync(new AppendBatch(appended, created.ETag, [Message(3, "kiwi three"), Message(4, "kiwi four")], null) { MovesLogOnly = true }, Ct);
        Assert.Equal([1L, 2L, 3L, 4L], (await SearchAsync(store, ns, "kiwi")).Select(h => h.Seq).Order());

        var cloneId = NewThreadId();
        Assert.Equal(3, await store.CloneThreadAsync(id, NewThread(ns, cloneId) with { Thread = NewThread(ns, cloneId).Thread with { Parent = new ParentLink(id, 3) } }, Ct));
        var trimmed = appended with { ETag = appended.ETag + 1 };
        Assert.Equal(2, await store.TrimAsync(trimmed, appended.ETag, throughSeq: 2, keepSystem: false, Ct));
        var importedId = NewThreadId();
        Assert.True(await store.ImportThreadAsync(NewThread(ns, importedId, messageCount: 1), [Message(1, "kiwi imported")], [], Ct));

        string[] Hits(IReadOnlyList<StoredHit> hits) => [.. hits.Select(h => $"{h.ThreadId}/{h.Seq}").Order(StringComparer.Ordinal)];
        string[] expected = [$"{id}/3", $"{id}/4", $"{cloneId}/1", $"{cloneId}/2", $"{cloneId}/3", $"{importedId}/1"];
        Assert.Equal(expected.Order(StringComparer.Ordinal), Hits(await SearchAsync(store, ns, "kiwi")));

        Assert.True(await store.DeleteThreadAsync(ns, cloneId, null, Ct));
        Assert.Equal(new[] { $"{id}/3", $"{id}/4", $"{importedId}/1" }.Order(StringComparer.Ordinal), Hits(await SearchAsync(store, ns, "kiwi")));
        Assert.Empty(await SearchAsync(store, ns, "one"));
    }

    [Fact]
    public async Task SearchAsync_MessageOfAMillionCharactersOfDistinctWords_StoredAndFoundByItsWords()
    {
        var text = string.Join(' ', Enumerable.Range(0, 125_000).Select(i => $"w{i:x6}"));
        var (store, ns, id) = await ThreadWithTextsAsync(text);

        Assert.Equal(text, Texts(await ReadAllAsync(store, ns, id))[0]);
        Assert.Equal([1L], (await SearchAsync(store, ns, "w000001 w000abc")).Select(h => h.Seq));
    }

    private async Task<(IThreadStore Store, string Ns, string Id)> ThreadWithTextsAsync(params string[] texts)
    {
        var store = await StoreAsync();
        var ns = NewNamespace();
        return (store, ns, await CreateSearchableAsync(store, ns, texts: texts));
    }

    private static async Task<string> CreateSearchableAsync(
        IThreadStore store, string ns, string[] texts, string? resourceId = null, string? userId = null, bool hidden = false)
    {
        var id = NewThreadId();
        var thread = NewThread(ns, id, messageCount: texts.Length, resourceId: resourceId);
        thread = thread with { Thread = thread.Thread with { UserId = userId, Hidden = hidden } };
        var messages = texts.Select((text, i) => Message(i + 1, text, i % 2 == 0 ? MessageRole.User : MessageRole.Assistant)).ToArray();
        Assert.True(await store.CreateThreadAsync(thread, messages, Ct));
        return id;
    }

    private static Task<IReadOnlyList<StoredHit>> SearchAsync(IThreadStore store, string ns, string q, SearchFilter? filter = null) =>
        store.SearchAsync(ns, (filter ?? new SearchFilter { Terms = [], Limit = 100 }) with { Terms = SearchExpression.Parse(q) }, Ct);
}
