using Orleans.Runtime.Services;

namespace Threads.Grains.Events.Internal;

/// <summary>Addresses the <see cref="IThreadEventRelay"/> of a given silo.</summary>
internal sealed class ThreadEventRelayClient(IServiceProvider services) : GrainServiceClient<IThreadEventRelay>(services)
{
    /// <summary>The relay of <paramref name="silo"/>.</summary>
    public IThreadEventRelay On(SiloAddress silo) => GetGrainService(silo);
}
