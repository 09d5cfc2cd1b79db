using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Threads.Grains.Tests.Threads;

/// <summary>A null metadata value removes a key in a change (update, clone) and is refused where values are set (create, messages).</summary>
public sealed class ThreadGrainMetadataTests : IAsyncDisposable
{
    private readonly TestSilo _services;
    private readonly string _ns = "ns-" + Guid.NewGuid().ToString("N")[..16];

    public ThreadGrainMetadataTests()
    {
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddThreadsGrains();
        services.AddThreadsMemoryStorage();
        _services = services.StartTestSilo();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IThreadGrain Thread(string id) => _services.GetRequiredService<IGrainFactory>().GetThread(_ns, id);

    [Fact]
    public async Task Create_NullMetadataValue_ThrowsInvalidArgumentAndWritesNothing()
    {
        var metadata = new Dictionary<string, string> { ["a"] = null! };

        var error = await Assert.ThrowsAsync<InvalidArgumentException>(() => Thread("t").CreateAsync(new CreateThreadRequest { Metadata = metadata }, Ct));

        Assert.Equal("metadata.a", Assert.Single(error.Errors).Path);
        await Assert.ThrowsAsync<NotFoundException>(() => Thread("t").GetAsync(cancellationToken: Ct));
    }

    [Fact]
    public async Task Append_NullMessageMetadataValue_ThrowsInvalidArgument()
    {
        await Thread("t").CreateAsync(new CreateThreadRequest(), Ct);
        var message = NewMessage.FromText(MessageRole.User, "x") with { Metadata = new Dictionary<string, string> { ["model"] = null! } };

        var error = await Assert.ThrowsAsync<InvalidArgumentException>(() => Thread("t").AppendAsync(new AppendMessagesRequest { Messages = [message] }, cancellationToken: Ct));

        Assert.Equal("messages[0].metadata.model", Assert.Single(error.Errors).Path);
    }

    [Fact]
    public async Task Update_NullMetadataValue_RemovesTheKey()
    {
        await Thread("t").CreateAsync(new CreateThreadRequest { Metadata = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" } }, Ct);

        var updated = await Thread("t").UpdateAsync(new UpdateThreadRequest { Metadata = new Dictionary<string, string?> { ["a"] = null } }, cancellationToken: Ct);

        Assert.Equal(["b"], updated.Metadata.Keys);
    }

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();
}
