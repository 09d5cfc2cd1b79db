using Microsoft.Extensions.Time.Testing;
using Threads.Testing;

namespace Threads.Grains.Tests.Storage.Postgres;

// The three grain contract suites on a real PostgreSQL, each class in a schema of its own: kept in one file because
// they differ only in the suite they derive from (the hosting is PostgresGrainHost's).

/// <summary>The grain contract against in-process grains over the PostgreSQL store.</summary>
[Trait("Category", "Postgres")]
public sealed class PostgresThreadGrainContractTests(PostgresDatabaseFixture database) : ThreadGrainContractTests, IAsyncLifetime
{
    private readonly PostgresGrainHost _host = new(database, "grain_contract");

    protected override IThreadsClient Grains => _host.Grains;

    protected override FakeTimeProvider Clock => _host.Clock;

    public ValueTask InitializeAsync() => _host.InitializeAsync();

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}

/// <summary>The state, lock and run contract against in-process grains over the PostgreSQL store.</summary>
[Trait("Category", "Postgres")]
public sealed class PostgresThreadStateContractTests(PostgresDatabaseFixture database) : ThreadStateContractTests, IAsyncLifetime
{
    private readonly PostgresGrainHost _host = new(database, "state_contract");

    protected override IThreadsClient Grains => _host.Grains;

    protected override FakeTimeProvider Clock => _host.Clock;

    public ValueTask InitializeAsync() => _host.InitializeAsync();

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}

/// <summary>The files, import and cleanup contract against in-process grains over the PostgreSQL store.</summary>
[Trait("Category", "Postgres")]
public sealed class PostgresThreadFilesContractTests(PostgresDatabaseFixture database) : ThreadFilesContractTests, IAsyncLifetime
{
    private readonly PostgresGrainHost _host = new(database, "files_contract");

    protected override IThreadsClient Grains => _host.Grains;

    protected override FakeTimeProvider Clock => _host.Clock;

    public ValueTask InitializeAsync() => _host.InitializeAsync();

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}

/// <summary>The search contract against in-process grains over the PostgreSQL store: its tsvector index behind the grains.</summary>
[Trait("Category", "Postgres")]
public sealed class PostgresSearchContractTests(PostgresDatabaseFixture database) : SearchContractTests, IAsyncLifetime
{
    private readonly PostgresGrainHost _host = new(database, "search_contract");

    protected override IThreadsClient Grains => _host.Grains;

    public ValueTask InitializeAsync() => _host.InitializeAsync();

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
