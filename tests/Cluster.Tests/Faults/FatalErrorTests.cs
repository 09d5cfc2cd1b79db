using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Threads.TestingHost;

namespace Threads.Cluster.Tests.Faults;

/// <summary>
/// A fatal error in one in-process test silo (what Orleans reports when the cluster has declared that silo dead) stops
/// that silo alone: the test process and the other silos go on, where Orleans' own handler would end the process.
/// </summary>
public sealed class FatalErrorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 120_000)]
    public async Task FatalError_OnOneTestSilo_StopsThatSiloAndTheOtherAnswers()
    {
        await using var cluster = new ThreadsTestCluster(o => o.SiloCount = 2);
        await cluster.DeployAsync(Ct);
        var (doomed, survivor) = (cluster.Silos[0], cluster.Silos[1]);
        var stopped = doomed.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped;

        doomed.Services.GetRequiredService<IFatalErrorHandler>().OnFatalException(this, "declared dead by a test");
        await Task.Delay(Timeout.Infinite, stopped).ContinueWith(static _ => { }, TaskScheduler.Default).WaitAsync(TimeSpan.FromSeconds(60), Ct);

        Assert.True(stopped.IsCancellationRequested);
        using var created = await survivor.Http.PostAsync(
            "v1/namespaces/default/threads", new StringContent("{}", Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }
}
