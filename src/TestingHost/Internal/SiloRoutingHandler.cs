namespace Threads.TestingHost.Internal;

/// <summary>
/// Sends each request of the cluster's client to a running silo, as a load balancer in front of the silos would:
/// requests about one thread or one resource go to the silo its id hashes to (so its activation stays warm, its event
/// streams see its writes, and a resource's current-thread calls meet in one index grain), others round-robin.
/// </summary>
internal sealed class SiloRoutingHandler(Func<IReadOnlyList<ThreadsTestSilo>> running) : DelegatingHandler(new SocketsHttpHandler())
{
    private int _next;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var silos = running();
        if (silos.Count == 0)
        {
            throw new HttpRequestException("No silo of the test cluster is running.");
        }

        var target = request.RequestUri!;
        var key = RouteKey(target.AbsolutePath) ?? await CreatedThreadKeyAsync(request, cancellationToken).ConfigureAwait(false);
        var silo = silos[(int)((uint)(key ?? Interlocked.Increment(ref _next)) % silos.Count)];
        request.RequestUri = new Uri(silo.BaseAddress, target.PathAndQuery);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>POST …/threads</c> names its thread in the body: route it by that id, so the thread's first event is on the
    /// silo its later requests (and event streams) go to. The bodies of test requests are in memory.
    /// </summary>
    private static async Task<int?> CreatedThreadKeyAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var segments = request.RequestUri!.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (request.Method != HttpMethod.Post || request.Content is null || segments is not ["v1", "namespaces", _, "threads"])
        {
            return null;
        }

        try
        {
            using var body = System.Text.Json.JsonDocument.Parse(await request.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
            return body.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && body.RootElement.TryGetProperty("id", out var id) && id.ValueKind == System.Text.Json.JsonValueKind.String
                ? RouteKey($"/v1/namespaces/{segments[2]}/threads/{id.GetString()}")
                : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
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
