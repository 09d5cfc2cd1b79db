using Threads.Grains.Storage;

namespace Threads.Grains.Tests.Storage.Postgres;

/// <summary>The provider conformance suite on a real PostgreSQL: one schema per test class, one namespace per test.</summary>
[Trait("Category", "Postgres")]
public sealed class PostgresThreadStoreTests(PostgresDatabaseFixture database) : ThreadStoreConformanceTests
{
    private readonly string _schema = database.Schema("conformance");

    protected override async Task<IThreadStore> CreateStoreAsync() => await database.NewInitializedStoreAsync(_schema);

    protected override async Task<IThreadStore> CreateSecondStoreAsync() => await database.NewInitializedStoreAsync(_schema);
}
