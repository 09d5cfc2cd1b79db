using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Threads.Grains;

namespace Threads.Testing;

/// <summary>The contract of thread files, import and cleanup, whoever serves the grains.</summary>
public abstract class ThreadFilesContractTests
{
    protected string Ns { get; } = "f" + Guid.NewGuid().ToString("N")[..16];

    protected abstract IThreadsClient Grains { get; }

    protected abstract FakeTimeProvider Clock { get; }

    protected IThreadGrain Thread(string id) => Grains.GetThread(Ns, id);

    [Fact]
    public async Task PutFile_ThenReadAndList_BytesAndMediaTypeKept()
    {
        await Thread("t").CreateAsync(new CreateThreadRequest());
        byte[] bytes = [0, 1, 2, 255, 10, 13];

        var written = await Thread("t").PutFileAsync("notes.bin", "application/octet-stream", bytes);
        await Thread("t").PutFileAsync("a.md", "text/markdown", Encoding.UTF8.GetBytes("# hi"));

        var read = await Thread("t").GetFileAsync("notes.bin");
        var list = await Thread("t").ListFilesAsync();
        Assert.Equal(bytes, read.Content);
        Assert.Equal(written, read.Info);
        Assert.Matches("^file_[0-9a-f]{24}$", written.Id);
        Assert.Equal(6, written.Bytes);
        Assert.Equal(["a.md", "notes.bin"], list.Files.Select(f => f.Filename));
        Assert.Equal("text/markdown", list.Files[0].MediaType);
    }

    [Fact]
    public async Task PutFile_SameName_Overwrites()
    {
        await Thread("ow").CreateAsync(new CreateThreadRequest());
        await Thread("ow").PutFileAsync("f.txt", "text/plain", [1]);

        var second = await Thread("ow").PutFileAsync("f.txt", "text/plain", [2, 2]);

        Assert.Equal([2, 2], (await Thread("ow").GetFileAsync("f.txt")).Content);
        Assert.Equal(second.Id, Assert.Single((await Thread("ow").ListFilesAsync()).Files).Id);
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("../escape")]
    [InlineData("dir/file")]
    [InlineData("back\\slash")]
    [InlineData("nul\0byte")]
    public async Task PutFile_BadName_ThrowsInvalidArgumentAndWritesNothing(string filename)
    {
        await Thread("names").CreateAsync(new CreateThreadRequest());

        var error = await Assert.ThrowsAsync<InvalidArgumentException>(() => Thread("names").PutFileAsync(filename, "text/plain", [1]));

        Assert.Contains(error.Errors, e => e.Path == "filename");
        Assert.Empty((await Thread("names").ListFilesAsync()).Files);
    }

    [Fact]
    public async Task PutFile_NameOf255_Accepted256Refused()
    {
        await Thread("long").CreateAsync(new CreateThreadRequest());

        await Thread("long").PutFileAsync(new string('a', 255), "text/plain", [1]);
        await Assert.ThrowsAsync<InvalidArgumentException>(() => Thread("long").PutFileAsync(new string('a', 256), "text/plain", [1]));
    }

    [Fact]
    public async Task PutFile_OverSizeLimit_ThrowsPayloadTooLarge()
    {
        await Thread("huge").CreateAsync(new CreateThreadRequest());

        await Assert.ThrowsAsync<PayloadTooLargeException>(() => Thread("huge").PutFileAsync("big", "application/octet-stream", new byte[(10 * 1024 * 1024) + 1]));
        Assert.Empty((await Thread("huge").ListFilesAsync()).Files);
    }

    [Fact]
    public async Task Files_IsolatedPerThreadAndNamespace()
    {
        await Thread("one").CreateAsync(new CreateThreadRequest());
        await Thread("two").CreateAsync(new CreateThreadRequest());
        var otherNs = Grains.GetThread(Ns + "z", "one");
        await otherNs.CreateAsync(new CreateThreadRequest());
        await Thread("one").PutFileAsync("secret.txt", "text/plain", [42]);

        await Assert.ThrowsAsync<NotFoundException>(() => Thread("two").GetFileAsync("secret.txt"));
        await Assert.ThrowsAsync<NotFoundException>(() => otherNs.GetFileAsync("secret.txt"));
        Assert.Empty((await Thread("two").ListFilesAsync()).Files);
    }

    [Fact]
    public async Task DeleteFile_Existing_GoneMissingNotFound()
    {
        await Thread("del").CreateAsync(new CreateThreadRequest());
        await Thread("del").PutFileAsync("x", "text/plain", [1]);

        await Thread("del").DeleteFileAsync("x");

        await Assert.ThrowsAsync<NotFoundException>(() => Thread("del").GetFileAsync("x"));
        await Assert.ThrowsAsync<NotFoundException>(() => Thread("del").DeleteFileAsync("x"));
    }

    [Fact]
    public async Task Clone_CopiesFiles()
    {
        await Thread("src").CreateAsync(new CreateThreadRequest());
        await Thread("src").PutFileAsync("plan.md", "text/markdown", [1, 2, 3]);

        await Thread("src").CloneAsync(new CloneThreadRequest { Id = "dst" });
        await Thread("dst").PutFileAsync("plan.md", "text/markdown", [9]);

        Assert.Equal([1, 2, 3], (await Thread("src").GetFileAsync("plan.md")).Content);
        Assert.Equal([9], (await Thread("dst").GetFileAsync("plan.md")).Content);
    }

    [Fact]
    public async Task Import_Export_RecreatesTheSameThread()
    {
        var source = Thread("orig");
        await source.CreateAsync(new CreateThreadRequest { ResourceId = "r", Title = "T", Metadata = new Dictionary<string, string> { ["k"] = "v" } });
        await source.AppendAsync(new AppendMessagesRequest
        {
            Messages =
            [
                NewMessage.FromText(MessageRole.User, "hello"),
                new NewMessage { Role = MessageRole.Assistant, Content = [new ToolCallPart("c1", "f", JsonDocument.Parse("""{"n":1.50}""").RootElement)] },
            ],
        });
        await source.PatchStateAsync(JsonDocument.Parse("""{"step":2}""").RootElement);
        await source.PutFileAsync("f.txt", "text/plain", [7, 8]);
        var header = await source.GetAsync();
        var messages = (await source.GetMessagesAsync(new MessageQuery { Limit = 200 })).Messages;
        var state = await source.GetStateAsync();
        var file = await source.GetFileAsync("f.txt");
        await source.DeleteAsync();

        var imported = await source.ImportAsync(new ThreadImport
        {
            Thread = header,
            Messages = messages,
            State = state.State,
            StateVersion = state.Version,
            Files = [file],
        });

        Assert.Equal(header with { Messages = null }, imported with { Metadata = header.Metadata });
        var again = (await source.GetMessagesAsync(new MessageQuery { Limit = 200 })).Messages;
        Assert.Equal(
            JsonSerializer.Serialize(messages, Threads.Grains.Serialization.ThreadsJsonContext.Default.IReadOnlyListThreadMessage),
            JsonSerializer.Serialize(again, Threads.Grains.Serialization.ThreadsJsonContext.Default.IReadOnlyListThreadMessage));
        Assert.Equal(2, (await source.GetStateAsync()).State.GetProperty("step").GetInt32());
        Assert.Equal([7, 8], (await source.GetFileAsync("f.txt")).Content);
        var next = await source.AppendAsync(new AppendMessagesRequest { Messages = [NewMessage.FromText(MessageRole.User, "more")] });
        Assert.Equal(3, next.LastSeq);
    }

    [Fact]
    public async Task Import_ExistingId_ThrowsAlreadyExists()
    {
        var existing = await Thread("exists").CreateAsync(new CreateThreadRequest());

        await Assert.ThrowsAsync<AlreadyExistsException>(() => Thread("exists").ImportAsync(new ThreadImport { Thread = existing, Messages = [] }));
    }

    [Fact]
    public async Task Import_SeqsOutOfOrder_ThrowsInvalidArgumentAndCreatesNothing()
    {
        var header = new ThreadInfo { Id = "x", Namespace = Ns, CreatedAt = Clock.GetUtcNow(), UpdatedAt = Clock.GetUtcNow(), Version = 1, LastSeq = 2 };
        ThreadMessage Message(long seq) => new() { Seq = seq, Id = $"msg_{seq}", Role = MessageRole.User, Content = [new TextPart("x")], CreatedAt = Clock.GetUtcNow() };

        await Assert.ThrowsAsync<InvalidArgumentException>(() => Thread("bad-import").ImportAsync(new ThreadImport { Thread = header, Messages = [Message(2), Message(1)] }));
        await Assert.ThrowsAsync<NotFoundException>(() => Thread("bad-import").GetAsync());
    }

    [Fact]
    public async Task Cleanup_UpdatedBefore_DeletesOnlyOldOnes()
    {
        await Thread("old1").CreateAsync(new CreateThreadRequest { ResourceId = "res" });
        await Thread("old2").CreateAsync(new CreateThreadRequest { ResourceId = "other" });
        Clock.Advance(TimeSpan.FromDays(2));
        var cutoff = Clock.GetUtcNow();
        Clock.Advance(TimeSpan.FromMilliseconds(1));
        await Thread("new").CreateAsync(new CreateThreadRequest { ResourceId = "res" });

        var dry = await Grains.GetResourceIndex(Ns, IResourceIndexGrain.AllResources).CleanupAsync(new CleanupRequest { UpdatedBefore = cutoff, DryRun = true });
        var resourceOnly = await Grains.GetResourceIndex(Ns, "res").CleanupAsync(new CleanupRequest { UpdatedBefore = cutoff });

        Assert.Equal(new CleanupResult(2, 0, DryRun: true), dry);
        Assert.Equal(new CleanupResult(1, 0, DryRun: false), resourceOnly);
        await Assert.ThrowsAsync<NotFoundException>(() => Thread("old1").GetAsync());
        await Thread("old2").GetAsync();
        await Thread("new").GetAsync();
    }

    [Fact]
    public async Task Cleanup_LockedThread_SkippedNotDeleted()
    {
        await Thread("busy").CreateAsync(new CreateThreadRequest());
        await Thread("busy").AcquireLockAsync(new AcquireLockRequest("agent", 3600));
        Clock.Advance(TimeSpan.FromMinutes(1));

        var result = await Grains.GetResourceIndex(Ns, IResourceIndexGrain.AllResources).CleanupAsync(new CleanupRequest { UpdatedBefore = Clock.GetUtcNow() });

        Assert.Equal(new CleanupResult(0, 1, DryRun: false), result);
        await Thread("busy").GetAsync();
    }

    [Fact]
    public async Task Delete_IfUpdatedBefore_KeepsAThreadWrittenSince()
    {
        await Thread("recent").CreateAsync(new CreateThreadRequest());
        var cutoff = Clock.GetUtcNow();

        await Assert.ThrowsAsync<PreconditionFailedException>(() => Thread("recent").DeleteAsync(ifUpdatedBefore: cutoff));
        await Thread("recent").GetAsync();
    }
}
