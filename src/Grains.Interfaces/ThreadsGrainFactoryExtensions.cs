using Threads.Grains;

namespace Orleans;

/// <summary>Typed access to the Threads grains from an Orleans <see cref="IGrainFactory"/> (a silo's, or a cluster client).</summary>
public static class ThreadsGrainFactoryExtensions
{
    /// <summary>The thread <paramref name="threadId"/> of namespace <paramref name="ns"/>.</summary>
    /// <exception cref="InvalidArgumentException">The namespace or id is not a valid identifier.</exception>
    public static IThreadGrain GetThread(this IGrainFactory grains, string ns, string threadId) =>
        grains.GetGrain<IThreadGrain>(GrainKeys.Of(ns, threadId));

    /// <summary>The index of one resource's threads, or of the whole namespace for <see cref="IResourceIndexGrain.AllResources"/>.</summary>
    /// <exception cref="InvalidArgumentException">The namespace or resource id is not a valid identifier.</exception>
    public static IResourceIndexGrain GetResourceIndex(this IGrainFactory grains, string ns, string resourceId) =>
        grains.GetGrain<IResourceIndexGrain>(GrainKeys.Of(ns, resourceId, allowAllResources: true));

    /// <summary>The state schema <paramref name="schemaId"/> of namespace <paramref name="ns"/>.</summary>
    /// <exception cref="InvalidArgumentException">The namespace or schema id is not a valid identifier.</exception>
    public static IStateSchemaGrain GetStateSchema(this IGrainFactory grains, string ns, string schemaId) =>
        grains.GetGrain<IStateSchemaGrain>(GrainKeys.Of(ns, schemaId));

    /// <summary>The search over the messages of namespace <paramref name="ns"/>.</summary>
    /// <exception cref="InvalidArgumentException">The namespace is not a valid identifier.</exception>
    public static ISearchGrain GetSearch(this IGrainFactory grains, string ns) =>
        grains.GetGrain<ISearchGrain>(GrainKeys.OfNamespace(ns));

    /// <summary>The Threads operations over this factory, as an <see cref="IThreadsClient"/>.</summary>
    public static IThreadsClient AsThreadsClient(this IGrainFactory grains) => new GrainFactoryThreadsClient(grains);

    private sealed class GrainFactoryThreadsClient(IGrainFactory grains) : IThreadsClient
    {
        public IThreadGrain GetThread(string ns, string threadId) => grains.GetThread(ns, threadId);

        public IResourceIndexGrain GetResourceIndex(string ns, string resourceId) => grains.GetResourceIndex(ns, resourceId);

        public IStateSchemaGrain GetStateSchema(string ns, string schemaId) => grains.GetStateSchema(ns, schemaId);

        public ISearchGrain GetSearch(string ns) => grains.GetSearch(ns);
    }
}
