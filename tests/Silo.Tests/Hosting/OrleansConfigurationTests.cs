using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Threads.TestingHost;

namespace Threads.Silo.Tests.Hosting;

/// <summary>Orleans' own options are set through <c>Threads:Orleans</c>, over the silo's defaults.</summary>
public sealed class OrleansConfigurationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Defaults_IdleCollectionAfter15MinutesCallTimeout30sMembershipTuned()
    {
        await using var cluster = new ThreadsTestCluster(o => o.SiloCount = 1);
        await cluster.DeployAsync(Ct);
        var services = cluster.Silos[0].Services;

        Assert.Equal(TimeSpan.FromMinutes(15), services.GetRequiredService<IOptions<GrainCollectionOptions>>().Value.CollectionAge);
        Assert.Equal(TimeSpan.FromSeconds(30), services.GetRequiredService<IOptions<SiloMessagingOptions>>().Value.ResponseTimeout);
        var membership = services.GetRequiredService<IOptions<ClusterMembershipOptions>>().Value;
        Assert.Equal(TimeSpan.FromSeconds(1), membership.ProbeTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2), membership.MaxProbeTimeout);
        Assert.Equal(2, membership.NumMissedProbesLimit);
    }

    [Fact]
    public async Task Configuration_ThreadsOrleansSections_OverrideCollectionTimeoutAndMembership()
    {
        await using var cluster = new ThreadsTestCluster(o =>
        {
            o.SiloCount = 1;
            o.Configuration["Threads:Orleans:GrainCollection:CollectionAge"] = "00:05:00";
            o.Configuration["Threads:Orleans:Messaging:ResponseTimeout"] = "00:00:07";
            o.Configuration["Threads:Orleans:Membership:ProbeTimeout"] = "00:00:03";
        });
        await cluster.DeployAsync(Ct);
        var services = cluster.Silos[0].Services;

        Assert.Equal(TimeSpan.FromMinutes(5), services.GetRequiredService<IOptions<GrainCollectionOptions>>().Value.CollectionAge);
        Assert.Equal(TimeSpan.FromSeconds(7), services.GetRequiredService<IOptions<SiloMessagingOptions>>().Value.ResponseTimeout);
        var membership = services.GetRequiredService<IOptions<ClusterMembershipOptions>>().Value;
        Assert.Equal(TimeSpan.FromSeconds(3), membership.ProbeTimeout);
        Assert.Equal(TimeSpan.FromSeconds(6), membership.MaxProbeTimeout);
        Assert.Equal(2, membership.NumMissedProbesLimit);
    }
}
