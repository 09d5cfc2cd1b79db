using Threads.Silo.Tests.Auth;
using Threads.TestingHost;

namespace Threads.Silo.Tests.Dashboard;

/// <summary>A one-silo cluster with Orleans' dashboard on and the keys of <see cref="AuthClusterFixture"/>, plus an admin key for one namespace only.</summary>
public sealed class DashboardClusterFixture : IAsyncLifetime
{
    public const string TenantAdmin = "tenant-admin-key-0123456789abcdef";

    public ThreadsTestCluster Cluster { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Cluster = new ThreadsTestCluster(o =>
        {
            o.SiloCount = 1;
            o.Configuration["Threads:Dashboard:Enabled"] = "true";
            AuthClusterFixture.AddKeys(o.Configuration);
            var index = AuthClusterFixture.AllKeys.Length;
            o.Configuration[$"Threads:Auth:Keys:{index}:Key"] = TenantAdmin;
            o.Configuration[$"Threads:Auth:Keys:{index}:Namespaces:0"] = AuthClusterFixture.Tenant;
            o.Configuration[$"Threads:Auth:Keys:{index}:Role"] = "Admin";
        });
        await Cluster.DeployAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync() => await Cluster.DisposeAsync();
}
