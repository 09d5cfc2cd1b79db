using Threads.Grains;

namespace Threads.Testing;

/// <summary>
/// The search contract: what <see cref="ISearchGrain"/> promises, whoever serves it and over whichever store. Runs
/// against in-process grains over SQLite and PostgreSQL, and against both clients talking to a silo.
/// </summary>
public abstract class SearchContractTests
{
    /// <summary>A namespace of this test's own, so tests never see each other's threads.</summary>
    protected string Ns { get; } = "q" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>Where the grains come from.</summary>
    protected abstract IThreadsClient Grains { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Search_AppendedTurn_FoundWithSnippetByWordPhraseAndPrefix()
    {
        var thread = Grains.GetThread(Ns, "s1");
        await thread.CreateAsync(new CreateThreadRequest { ResourceId = "r1" }, Ct);
        await thread.AppendAsync(
            new AppendMessagesRequest
            {
                Messages =
                [
                    NewMessage.FromText(MessageRole.User, "Where did we talk about the invoice for Contoso?"),
                    new NewMessage { Role = MessageRole.Assistant, Content = [new TextPart("Let me check."), new ToolCallPart("c1", "findinvoice")] },
                    new NewMessage { Role = MessageRole.Tool, Content = [new ErrorPart("Invoice service unreachable")] },
                ],
            },
            cancellationToken: Ct);

        var words = await SearchAsync("invoice contoso");
        var phrase = await SearchAsync("\"invoice service\"");
        var prefix = await SearchAsync("findinv*");

        var hit = Assert.Single(words.Hits);
        Assert.Equal(("s1", 1L, MessageRole.User), (hit.ThreadId, hit.Seq, hit.Role));
        Assert.Equal("Where did we talk about the **invoice** for **Contoso**?", hit.Snippet);
        Assert.Null(words.NextCursor);
        Assert.Equal([3L], phrase.Hits.Select(h => h.Seq));
        Assert.Equal([2L], prefix.Hits.Select(h => h.Seq));
    }

    [Fact]
    public async Task Search_ScopedToAUser_OnlyThatUsersThreadsAmongManyMatches()
    {
        for (var t = 0; t < 20; t++)
        {
            var other = Grains.GetThread(Ns, $"other-{t}");
            await other.CreateAsync(new CreateThreadRequest { UserId = $"user-{t}" }, Ct);
            await other.AppendAsync(new AppendMessagesRequest { Messages = [.. Enumerable.Repeat(NewMessage.FromText(MessageRole.User, "budget budget budget"), 25)] }, cancellationToken: Ct);
        }

        var mine = Grains.GetThread(Ns, "mine");
        await mine.CreateAsync(new CreateThreadRequest { UserId = "me" }, Ct);
        await mine.AppendAsync(new AppendMessagesRequest { Messages = [NewMessage.FromText(MessageRole.User, "my budget, and plenty of other words that rank it low")] }, cancellationToken: Ct);

        SearchPage scoped;
        using (ThreadsRequestContext.ActAsUser("me"))
        {
            scoped = await SearchAsync("budget");
        }

        Assert.Equal(("mine", 1L), (Assert.Single(scoped.Hits).ThreadId, scoped.Hits[0].Seq));
        Assert.Equal(20, (await SearchAsync("budget")).Hits.Count);
    }

    [Fact]
    public async Task Search_HiddenThread_OnlyWithIncludeHidden_DeletedThreadNever()
    {
        var hidden = Grains.GetThread(Ns, "h1");
        await hidden.CreateAsync(new CreateThreadRequest { Hidden = true, Messages = [NewMessage.FromText(MessageRole.User, "walrus")] }, Ct);
        var gone = Grains.GetThread(Ns, "g1");
        await gone.CreateAsync(new CreateThreadRequest { Messages = [NewMessage.FromText(MessageRole.User, "walrus")] }, Ct);
        await gone.DeleteAsync(cancellationToken: Ct);

        Assert.Empty((await SearchAsync("walrus")).Hits);
        Assert.Equal(["h1"], (await Grains.GetSearch(Ns).SearchAsync(new SearchQuery { Q = "walrus", IncludeHidden = true }, Ct)).Hits.Select(h => h.ThreadId));
    }

    [Fact]
    public async Task Search_FuzzedQ_AnswersOrRefusesQNeverAnEngineError()
    {
        var thread = Grains.GetThread(Ns, "z1");
        await thread.CreateAsync(new CreateThreadRequest { Messages = [NewMessage.FromText(MessageRole.User, "alpha beta near gamma drop table")] }, Ct);
        const string Alphabet = "ab \"*-^:()'%;\\/NEAROTD+~{}[]|&!<>=@#$.,\u00e9\u4e2d\t";
        var random = new Random(20261207);
        for (var i = 0; i < 300; i++)
        {
            var q = new string([.. Enumerable.Range(0, random.Next(1, 40)).Select(_ => Alphabet[random.Next(Alphabet.Length)])]);
            try
            {
                await SearchAsync(q);
            }
            catch (InvalidArgumentException refused)
            {
                Assert.Equal("q", Assert.Single(refused.Errors).Path);
            }
        }

        Assert.Single((await SearchAsync("'; DROP TABLE")).Hits);
        Assert.Single((await SearchAsync("NEAR gamma)")).Hits);
    }

    private Task<SearchPage> SearchAsync(string q) => Grains.GetSearch(Ns).SearchAsync(new SearchQuery { Q = q }, Ct);
}
