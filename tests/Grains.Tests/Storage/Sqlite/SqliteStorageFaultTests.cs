using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Threads.Grains.Storage;
using Threads.Grains.Storage.Sqlite;
using Threads.Testing;
using Threads.TestingHost;

namespace Threads.Grains.Tests.Storage.Sqlite;

/// <summary>
/// SQLite's faults through a real silo. A full database (its writer limited by <c>PRAGMA max_page_count</c>, which fails writes with SQLITE_FULL as
/// a full disk does) through a real silo: appends fail with <see cref="StorageFullException"/>, the thread's cached
/// header and tail stay as they were, the batch rolls back without a second error, the write probe says full, and
/// once there is room again writes go on with no gap in the log. A file locked by another process past the busy
/// timeout is <see cref="StorageUnavailableException"/>, and writes go on once the lock is released.
/// </summary>
public sealed class SqliteStorageFaultTests(SqliteDatabaseFixture database) : IClassFixture<SqliteDatabaseFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 60_000)]
    public async Task Append_StorageFull_ThrowsStorageFullKeepsCacheAndResumesWhenSpaceReturns()
    {
        var logs = new LogLines();
        await using var silo = new ServiceCollection()
            .AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug))
            .AddSingleton<TimeProvider>(TestClock.Create())
            .AddThreadsGrains()
            .AddThreadsSqliteStorage(o => o.ConnectionString = database.ConnectionString)
            .StartTestSilo();
        var store = (SqliteThreadStore)silo.GetRequiredService<IThreadStore>();
        var thread = silo.Grains.AsThreadsClient().GetThread("default", "full-" + Guid.NewGuid().ToString("N")[..8]);
        await thread.CreateAsync(new CreateThreadRequest { Title = "full" }, Ct);
        var acknowledged = 0L;
        for (var i = 0; i < 3; i++)
        {
            acknowledged = (await thread.AppendAsync(Append("before " + i), cancellationToken: Ct)).LastSeq;
        }

        await SetMaxPageCountAsync(store, extraPages: 0);
        StorageFullException? full = null;
        for (var i = 0; i < 200 && full is null; i++)
        {
            var before = await thread.GetAsync(lastMessages: 5, Ct);
            try
            {
                acknowledged = (await thread.AppendAsync(Append(new string('x', 16_000)), cancellationToken: Ct)).LastSeq;
            }
            catch (StorageFullException exception)
            {
                full = exception;
                var after = await thread.GetAsync(lastMessages: 5, Ct);
                Assert.Equal(before.LastSeq, after.LastSeq);
                Assert.Equal(before.Version, after.Version);
                Assert.Equal(before.UpdatedAt, after.UpdatedAt);
                Assert.Equal(before.MessageCount, after.MessageCount);
                Assert.Equal(before.Messages!.Select(static m => (m.Seq, m.Id)), after.Messages!.Select(static m => (m.Seq, m.Id)));
            }
        }

        Assert.NotNull(full);
        Assert.Equal(ErrorCodes.StorageFull, full.Code);
        Assert.Equal(StorageFault.Full, StorageFaults.Classify(store, await Assert.ThrowsAnyAsync<Exception>(() => store.ProbeWritesAsync(Ct))));

        await SetMaxPageCountAsync(store, extraPages: 10_000);
        await store.ProbeWritesAsync(Ct);
        var resumed = await thread.AppendAsync(Append("after"), cancellationToken: Ct);

        Assert.Equal(acknowledged + 1, resumed.LastSeq);
        var log = await store.ReadMessagesAsync("default", (await thread.GetAsync(cancellationToken: Ct)).Id, new MessageRange(null, null, Descending: false, 1000), Ct);
        Assert.Equal(Enumerable.Range(1, (int)resumed.LastSeq).Select(static s => (long)s), log.Select(static m => m.Seq));
        Assert.DoesNotContain(logs.Lines, static l => l.Contains("no transaction is active", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, static l => l.Contains("Rolling back", StringComparison.Ordinal));
    }

    [Fact(Timeout = 60_000)]
    public async Task Append_FileLockedPastBusyTimeout_ThrowsStorageUnavailableKeepsCacheAndResumes()
    {
        var file = Path.Combine(database.Folder, "busy.db");
        await using var silo = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(TestClock.Create())
            .AddThreadsGrains()
            .AddThreadsSqliteStorage(o =>
            {
                o.ConnectionString = $"Data Source={file}";
                o.BusyTimeout = TimeSpan.FromMilliseconds(200);
            })
            .StartTestSilo();
        var thread = silo.Grains.AsThreadsClient().GetThread("default", "busy");
        await thread.CreateAsync(new CreateThreadRequest(), Ct);
        await thread.AppendAsync(Append("first"), cancellationToken: Ct);
        var before = await thread.GetAsync(lastMessages: 5, Ct);

        await using (var other = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Pooling=False"))
        {
            // Another process's write transaction: it holds the file's write lock until it ends.
            await other.OpenAsync(Ct);
            await using (var begin = other.CreateCommand())
            {
                begin.CommandText = "BEGIN IMMEDIATE";
                await begin.ExecuteNonQueryAsync(Ct);
            }

            var busy = await Assert.ThrowsAsync<StorageUnavailableException>(() => thread.AppendAsync(Append("while locked"), cancellationToken: Ct));

            Assert.Equal(ErrorCodes.Unavailable, busy.Code);
            var after = await thread.GetAsync(lastMessages: 5, Ct);
            Assert.Equal((before.LastSeq, before.Version, before.MessageCount), (after.LastSeq, after.Version, after.MessageCount));
            Assert.Equal(before.Messages!.Select(static m => m.Id), after.Messages!.Select(static m => m.Id));
        }

        var resumed = await thread.AppendAsync(Append("after"), cancellationToken: Ct);
        Assert.Equal(2, resumed.LastSeq);
    }

    [Fact(Timeout = 120_000)]
    public async Task Http_StorageFull_Answers507ReadyzSaysFullThenRecoversBySelf()
    {
        var file = Path.Combine(database.Folder, "http-full.db");
        await using var cluster = new ThreadsTestCluster(o =>
        {
            o.SiloCount = 1;
            o.ConfigureStorage = s => s.AddThreadsSqliteStorage(x => x.ConnectionString = $"Data Source={file}");
        });
        await cluster.DeployAsync(Ct);
        var silo = cluster.Silos[0];
        var store = (SqliteThreadStore)silo.Services.GetRequiredService<IThreadStore>();
        var http = silo.Http;
        using (var created = await http.PostAsync("v1/namespaces/default/threads", Json("""{"id":"full-http"}"""), Ct))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        await SetMaxPageCountAsync(store, extraPages: 0);
        var acknowledged = new List<string>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 200 && refused is null; i++)
        {
            var text = $"m{i}-" + new string('y', 16_000);
            var response = await http.PostAsync("v1/namespaces/default/threads/full-http/messages", Json($$"""{"messages":[{"role":"user","content":"{{text}}"}]}"""), Ct);
            if (response.StatusCode == HttpStatusCode.Created)
            {
                acknowledged.Add(text);
                response.Dispose();
            }
            else
            {
                refused = response;
            }
        }

        Assert.NotNull(refused);
        using (refused)
        {
            Assert.Equal(HttpStatusCode.InsufficientStorage, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Contains("\"code\":\"storage_full\"", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        using (var readyz = await http.GetAsync("readyz", Ct))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, readyz.StatusCode);
            Assert.Contains("storage full", await readyz.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        // An Orleans cluster client (another process, in production) gets the same typed error, through the gateway.
        var overOrleans = await Assert.ThrowsAsync<StorageFullException>(
            () => cluster.Grains.GetThread("default", "full-http").AppendAsync(Append(new string('z', 16_000)), cancellationToken: Ct));
        Assert.Equal(ErrorCodes.StorageFull, overOrleans.Code);

        using (var healthz = await http.GetAsync("healthz", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, healthz.StatusCode);
        }

        await SetMaxPageCountAsync(store, extraPages: 10_000);
        using (var readyz = await http.GetAsync("readyz", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, readyz.StatusCode);
        }

        using (var resumed = await http.PostAsync("v1/namespaces/default/threads/full-http/messages", Json("""{"messages":[{"role":"user","content":"after"}]}"""), Ct))
        {
            Assert.Equal(HttpStatusCode.Created, resumed.StatusCode);
        }

        acknowledged.Add("after");
        var stored = await store.ReadMessagesAsync("default", "full-http", new MessageRange(null, null, Descending: false, 1000), Ct);
        Assert.Equal(acknowledged, stored.Select(static m => ((TextPart)m.Content[0]).Text));
    }

    [Theory]
    [InlineData(13, StorageFault.Full)]
    [InlineData(13 | (1 << 8), StorageFault.Full)]
    [InlineData(10, StorageFault.Unavailable)]
    [InlineData(10 | (3 << 8), StorageFault.Unavailable)]
    [InlineData(5, StorageFault.Unavailable)]
    [InlineData(6, StorageFault.Unavailable)]
    [InlineData(14, StorageFault.Unavailable)]
    [InlineData(19, StorageFault.None)]
    [InlineData(1, StorageFault.None)]
    public void Classify_SqliteErrorCode_NamesTheFault(int code, StorageFault expected)
    {
        using var store = database.NewStore();

        Assert.Equal(expected, StorageFaults.Classify(store, new Microsoft.Data.Sqlite.SqliteException("failed", code)));
        Assert.Equal(expected, StorageFaults.Classify(store, new InvalidOperationException("wrapped", new Microsoft.Data.Sqlite.SqliteException("failed", code))));
    }

    [Fact(Timeout = 60_000)]
    public async Task Classify_DatabaseThatCannotBeOpened_IsUnavailable()
    {
        // A folder where the file should be: SQLite cannot open it (SQLITE_CANTOPEN).
        var store = new SqliteThreadStore(
            Microsoft.Extensions.Options.Options.Create(new SqliteStorageOptions { ConnectionString = $"Data Source={database.Folder}" }),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<SqliteThreadStore>.Instance);
        await using (store)
        {
            var failure = await Assert.ThrowsAnyAsync<Exception>(() => store.ProbeWritesAsync(Ct));

            Assert.Equal(StorageFault.Unavailable, StorageFaults.Classify(store, failure));
        }
    }

    private static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    private static AppendMessagesRequest Append(string text) => new() { Messages = [NewMessage.FromText(MessageRole.User, text)] };

    /// <summary>Limits the writer's file to the pages it has now plus <paramref name="extraPages"/> (max_page_count is per connection).</summary>
    private static Task SetMaxPageCountAsync(SqliteThreadStore store, int extraPages) =>
        store.WriteAsync(extraPages, static (writer, extra) =>
        {
            using var count = writer.Connection.CreateCommand();
            count.CommandText = "PRAGMA page_count";
            var pages = (long)count.ExecuteScalar()!;
            using var limit = writer.Connection.CreateCommand();
            limit.CommandText = $"PRAGMA max_page_count = {pages + extra}";
            limit.ExecuteNonQuery();
            return (true, 0);
        }, Ct);

    private sealed class LogLines : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(Lines);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{logLevel} {formatter(state, exception)} {exception?.Message}");
        }
    }
}
