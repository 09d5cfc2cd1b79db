using Threads.Grains.Storage;
using Threads.Grains.Storage.Memory;

namespace Threads.Grains.Tests.Storage.Memory;

public sealed class MemoryThreadStoreTests : ThreadStoreConformanceTests
{
    private readonly MemoryThreadStore _store = new();

    protected override Task<IThreadStore> CreateStoreAsync() => Task.FromResult<IThreadStore>(_store);

    protected override Task<IThreadStore> CreateSecondStoreAsync() => Task.FromResult<IThreadStore>(_store);
}
