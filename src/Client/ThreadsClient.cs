using Threads.Client.Internal;
using Threads.Grains;

namespace Threads.Client;

/// <summary>
/// The grain interfaces over HTTP: <c>GetGrain&lt;IThreadGrain&gt;(ns, id)</c> returns an <see cref="IThreadGrain"/> whose
/// calls are requests to a silo. Failures surface as the same typed exceptions the grains throw, carrying the problem
/// <c>code</c>; a silo that cannot be reached is a <see cref="ThreadsException"/> with <see cref="ErrorCodes.Unavailable"/>.
/// </summary>
public sealed class ThreadsClient : IGrainFactory
{
    private readonly ThreadsHttp _http;

    /// <summary>Creates a client over <paramref name="httpClient"/>, whose <see cref="HttpClient.BaseAddress"/> is the silo's address.</summary>
    public ThreadsClient(HttpClient httpClient)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        if (httpClient.BaseAddress is null)
        {
            throw new ArgumentException("The HttpClient needs a BaseAddress: the silo's address.", nameof(httpClient));
        }

        _http = new ThreadsHttp(httpClient);
    }

    /// <inheritdoc/>
    public TGrain GetGrain<TGrain>(string @namespace, string key)
        where TGrain : IGrain
    {
        if (!Identifiers.IsValidNamespace(@namespace))
        {
            throw InvalidArgumentException.ForField("namespace", "must match ^[a-z0-9][a-z0-9_-]{0,63}$");
        }

        if (typeof(TGrain) == typeof(IThreadGrain))
        {
            return (TGrain)(object)new HttpThreadGrain(_http, @namespace, ValidKey(key));
        }

        if (typeof(TGrain) == typeof(IResourceIndexGrain))
        {
            return (TGrain)(object)new HttpResourceIndexGrain(_http, @namespace, key == IResourceIndexGrain.AllResources ? key : ValidKey(key));
        }

        throw new NotSupportedException($"{typeof(TGrain).Name} is not served over HTTP.");
    }

    private static string ValidKey(string key) =>
        Identifiers.IsValidId(key) ? key : throw InvalidArgumentException.ForField("id", "must match ^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$");
}
