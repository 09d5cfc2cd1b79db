namespace Threads.TestingHost.Internal;

/// <summary>
/// Sends each request of the cluster's client to a running silo, as a load balancer in front of the silos would:
/// requests about one thread or one resource go to the silo its id hashes to (so its activation stays warm, and a
/// resource's current-thread calls are serialized by one index grain), others round-robin.
/// </summary>
internal sealed class SiloRoutingHandler(Func<IReadOnlyList<ThreadsTestSilo>> running) : DelegatingHandler(new SocketsHttpHandler())
{
    private int _next;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var silos = running();
        if (silos.Count == 0)
        {
            throw new HttpRequestException("No silo of the test cluster is running.");
        }

        var target = request.RequestUri!;
        var silo = silos[(int)((uint)(RouteKey(target.AbsolutePath) ?? Interlocked.Increment(ref _next)) % silos.Count)];
        request.RequestUri = new Uri(silo.BaseAddress, target.PathAndQuery);
        return base.SendAsync(request, cancellationToken);
    }

    /// <summary>A stable hash of <c>{ns}/{kind}/{id}</c> for <c>/v1/namespaces/{ns}/threads/{id}…</c> and <c>…/resources/{id}…</c>; null for other paths.</summary>
    private static int? RouteKey(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < 5 || segments[0] != "v1" || segments[1] != "namespaces" || segments[3] is not ("threads" or "resources"))
        {
            return null;
        }

        var hash = 17;
        foreach (var c in $"{segments[2]}/{segments[3]}/{segments[4]}")
        {
            hash = unchecked((hash * 31) + c);
        }

        return hash;
    }
}
