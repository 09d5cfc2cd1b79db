using Microsoft.Extensions.DependencyInjection;
using Threads.Grains;
using static Threads.Silo.Tests.Auth.AuthClusterFixture;

namespace Threads.Silo.Tests.Auth;

/// <summary><c>ThreadsClientOptions.ApiKey</c> is sent with every call, and the silo acts as that key's user.</summary>
[Collection(AuthCollection.Name)]
public sealed class ClientApiKeyTests(AuthClusterFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AddThreadsClient_UserKey_CreatesThreadsAsThatUser()
    {
        await using var provider = Client(Alice);

        var thread = await provider.GetRequiredService<IThreadsClient>().GetThread(Tenant, Identifiers.NewThreadId())
            .CreateAsync(new CreateThreadRequest(), Ct);

        Assert.Equal("alice", thread.UserId);
    }

    [Fact]
    public async Task AddThreadsClient_NoKey_Unauthorized()
    {
        await using var provider = Client(null);

        var error = await Assert.ThrowsAsync<ThreadsException>(() => provider.GetRequiredService<IThreadsClient>()
            .GetThread(Tenant, Identifiers.NewThreadId()).GetAsync(0, Ct));

        Assert.Equal(ErrorCodes.Unauthorized, error.Code);
    }

    private ServiceProvider Client(string? key)
    {
        var services = new ServiceCollection();
        services.AddThreadsClient(o =>
        {
            o.BaseAddress = fixture.Cluster.Silos[0].BaseAddress;
            o.ApiKey = key;
        });
        return services.BuildServiceProvider();
    }
}
