using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Threads.Client;
using Threads.Grains;

namespace Threads.Silo.Tests.Client;

[Collection(ClusterCollection.Name)]
public sealed class ThreadsClientServiceCollectionExtensionsTests(ClusterFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AddThreadsClient_BaseAddress_ResolvesThreadsClientThatTalksToTheSilo()
    {
        var address = fixture.Cluster.Silos[0].BaseAddress;
        var services = new ServiceCollection();
        services.AddThreadsClient(o => o.BaseAddress = new Uri(address.AbsoluteUri.TrimEnd('/')));
        await using var provider = services.BuildServiceProvider();

        var grains = provider.GetRequiredService<IThreadsClient>();
        var id = Identifiers.NewThreadId();
        await grains.GetThread("di", id).CreateAsync(new CreateThreadRequest { Title = "via DI" }, Ct);

        Assert.IsType<ThreadsClient>(grains);
        Assert.Equal("via DI", (await provider.GetRequiredService<ThreadsClient>().GetThread("di", id).GetAsync(0, Ct)).Title);
    }

    [Fact]
    public void AddThreadsClient_RelativeAddress_FailsValidation()
    {
        var services = new ServiceCollection();
        services.AddThreadsClient(o => o.BaseAddress = new Uri("threads", UriKind.Relative));
        using var provider = services.BuildServiceProvider();

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ThreadsClientOptions>>().Value);
    }

    [Fact]
    public async Task Client_ProblemResponse_ThrowsTypedExceptionWithCodeAndFields()
    {
        var thread = fixture.Cluster.Client.GetThread("errors", Identifiers.NewThreadId());

        var missing = await Assert.ThrowsAsync<NotFoundException>(() => thread.GetAsync(0, Ct));
        var invalid = await Assert.ThrowsAsync<InvalidArgumentException>(() => thread.CreateAsync(new CreateThreadRequest { UserId = "not valid" }, Ct));

        Assert.Equal(ErrorCodes.NotFound, missing.Code);
        Assert.Equal(ErrorCodes.InvalidArgument, invalid.Code);
        Assert.Equal("userId", Assert.Single(invalid.Errors).Path);
    }

    [Fact]
    public void GetGrain_InvalidKey_ThrowsBeforeAnyRequest()
    {
        var error = Assert.Throws<InvalidArgumentException>(() => fixture.Cluster.Client.GetThread("default", "not valid"));

        Assert.Equal("id", Assert.Single(error.Errors).Path);
    }
}
