namespace Threads.Grains;

/// <summary>Finds grains by namespace and key, in process or over HTTP.</summary>
public interface IGrainFactory
{
    /// <summary>A reference to the grain <typeparamref name="TGrain"/> with this namespace and key; calling it activates the grain.</summary>
    /// <exception cref="InvalidArgumentException">The namespace or key is not a valid identifier.</exception>
    TGrain GetGrain<TGrain>(string @namespace, string key)
        where TGrain : IGrain;
}
