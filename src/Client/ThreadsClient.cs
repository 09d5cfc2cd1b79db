using System.Globalization;
using System.Runtime.CompilerServices;
using Threads.Client.Internal;
using Threads.Grains;

namespace Threads.Client;

/// <summary>
/// The grain interfaces over HTTP, for apps outside the cluster's network: <c>GetThread(ns, id)</c> returns an <see cref="IThreadGrain"/> whose
/// calls are requests to a silo. Failures surface as the same typed exceptions the grains throw, carrying the problem
/// <c>code</c>; a silo that cannot be reached is a <see cref="ThreadsException"/> with <see cref="ErrorCodes.Unavailable"/>.
/// Requests that are safe to repeat are retried on 503 (after its <c>Retry-After</c>) and on connection failures
/// (<see cref="ThreadsClientOptions.MaxRetries"/>), and every append carries an <c>Idempotency-Key</c>, so a retried
/// append is stored once.
/// </summary>
public sealed class ThreadsClient : IThreadsClient
{
    private readonly ThreadsHttp _http;

    /// <summary>Creates a client over <paramref name="httpClient"/>, whose <see cref="HttpClient.BaseAddress"/> is the silo's address, retrying as <see cref="ThreadsClientOptions"/>' defaults say.</summary>
    public ThreadsClient(HttpClient httpClient)
        : this(httpClient, new ThreadsClientOptions())
    {
    }

    /// <summary>
    /// Creates a client over <paramref name="httpClient"/>, whose <see cref="HttpClient.BaseAddress"/> is the silo's
    /// address, retrying as <paramref name="options"/> say (<see cref="ThreadsClientOptions.MaxRetries"/>…; the address
    /// and key there are for <c>AddThreadsClient</c>, which sets them on the <see cref="HttpClient"/>).
    /// </summary>
    public ThreadsClient(HttpClient httpClient, ThreadsClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        if (httpClient.BaseAddress is null)
        {
            throw new ArgumentException("The HttpClient needs a BaseAddress: the silo's address.", nameof(httpClient));
        }

        _http = new ThreadsHttp(httpClient, options);
    }

    /// <inheritdoc/>
    public IThreadGrain GetThread(string ns, string threadId)
    {
        GrainKeys.Of(ns, threadId);
        return new HttpThreadGrain(_http, ns, threadId);
    }

    /// <inheritdoc/>
    public IResourceIndexGrain GetResourceIndex(string ns, string resourceId)
    {
        GrainKeys.Of(ns, resourceId, allowAllResources: true);
        return new HttpResourceIndexGrain(_http, ns, resourceId);
    }

    /// <inheritdoc/>
    public IStateSchemaGrain GetStateSchema(string ns, string schemaId)
    {
        GrainKeys.Of(ns, schemaId);
        return new HttpStateSchemaGrain(_http, ns, schemaId);
    }

    /// <inheritdoc/>
    public ISearchGrain GetSearch(string ns) => new HttpSearchGrain(_http, GrainKeys.OfNamespace(ns));

    /// <summary>A page of the messages of namespace <paramref name="ns"/> matching <paramref name="query"/>, best first.</summary>
    /// <exception cref="InvalidArgumentException">The query or a filter is invalid.</exception>
    public Task<SearchPage> SearchAsync(string ns, SearchQuery query, CancellationToken cancellationToken = default) =>
        GetSearch(ns).SearchAsync(query, cancellationToken);

    /// <summary>
    /// The events of one thread (<paramref name="threadId"/>), of one resource's threads (<paramref name="resourceId"/>),
    /// or of the whole namespace (neither), as the silo streams them (Server-Sent Events). With
    /// <paramref name="lastEventId"/>, the stream starts after that event, from what the silo still keeps. The
    /// enumeration ends when the silo ends the stream (it shut down, the thread was deleted, the reader fell too far
    /// behind): subscribe again with the last event's <see cref="ThreadEvent.Id"/> to resume. Cancel to stop.
    /// </summary>
    /// <exception cref="NotFoundException">The thread does not exist.</exception>
    public async IAsyncEnumerable<ThreadEvent> SubscribeAsync(
        string @namespace,
        string? threadId = null,
        string? resourceId = null,
        long? lastEventId = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Identifiers.RequireNamespace(@namespace);
        if (threadId is not null && resourceId is not null)
        {
            throw InvalidArgumentException.ForField("resourceId", "give a thread or a resource, not both");
        }

        var uri = threadId is not null
            ? $"v1/namespaces/{@namespace}/threads/{Uri.EscapeDataString(ValidKey(threadId))}/events"
            : new QueryString($"v1/namespaces/{@namespace}/events").Add("resourceId", resourceId is null ? null : ValidKey(resourceId)).ToString();
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is { } after)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", after.ToString(CultureInfo.InvariantCulture));
        }

        using var response = await _http.OpenAsync(request, cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var threadEvent in ServerSentEventReader.ReadAsync(stream, cancellationToken).ConfigureAwait(false))
        {
            yield return threadEvent;
        }
    }

    private static string ValidKey(string key) => Identifiers.RequireId(key, "id");
}
