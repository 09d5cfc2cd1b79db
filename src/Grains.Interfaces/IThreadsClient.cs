namespace Threads.Grains;

/// <summary>
/// The way into Threads from .NET, the same over the Orleans cluster client and over HTTP: each method returns a grain
/// interface whose calls reach the one activation of that grain, wherever it lives.
/// </summary>
public interface IThreadsClient
{
    /// <summary>The thread <paramref name="threadId"/> of namespace <paramref name="ns"/>; calling it activates the thread.</summary>
    /// <exception cref="InvalidArgumentException">The namespace or id is not a valid identifier.</exception>
    IThreadGrain GetThread(string ns, string threadId);

    /// <summary>The index of one resource's threads, or of the whole namespace for <see cref="IResourceIndexGrain.AllResources"/>.</summary>
    /// <exception cref="InvalidArgumentException">The namespace or resource id is not a valid identifier.</exception>
    IResourceIndexGrain GetResourceIndex(string ns, string resourceId);

    /// <summary>The state schema <paramref name="schemaId"/> of namespace <paramref name="ns"/>.</summary>
    /// <exception cref="InvalidArgumentException">The namespace or schema id is not a valid identifier.</exception>
    IStateSchemaGrain GetStateSchema(string ns, string schemaId);

    /// <summary>The search over the messages of namespace <paramref name="ns"/>.</summary>
    /// <exception cref="InvalidArgumentException">The namespace is not a valid identifier.</exception>
    ISearchGrain GetSearch(string ns);
}
