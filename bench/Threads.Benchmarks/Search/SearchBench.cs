using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using Threads.Benchmarks.Load;
using Threads.Grains;
using Threads.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Threads.Grains.Storage.Postgres.Internal;
using Threads.Grains.Storage.Sqlite;

namespace Threads.Benchmarks.Search;

/// <summary>
/// Search at scale: a namespace of <c>messages</c> messages over <c>threads</c> threads (defaults 1,000,000 and 10,000),
/// two-word queries through the search grain of an in-process silo (p50/p99 of the first page), the index's size and
/// what building it on existing messages costs, and, on PostgreSQL, 16 durable appenders with the GIN index against the
/// same without it, alternated in one run (on SQLite the store's writer indexes every fold, so the baseline is the
/// build before the search index, run with <c>load</c>). <c>provider=sqlite</c> (default) or <c>provider=postgres connection=…</c>.
/// </summary>
public static class SearchBench
{
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);

    public static async Task<int> RunAsync(string[] args)
    {
        var options = args.Select(static a => a.Split('=', 2)).Where(static p => p.Length == 2).ToDictionary(static p => p[0], static p => p[1]);
        var messages = int.Parse(options.GetValueOrDefault("messages", "1000000"), CultureInfo.InvariantCulture);
        var threads = int.Parse(options.GetValueOrDefault("threads", "10000"), CultureInfo.InvariantCulture);
        var queries = int.Parse(options.GetValueOrDefault("queries", "200"), CultureInfo.InvariantCulture);
        var seconds = double.Parse(options.GetValueOrDefault("seconds", "5"), CultureInfo.InvariantCulture);
        var postgres = options.GetValueOrDefault("provider", "sqlite") == "postgres";
        var target = postgres ? Target.Postgres(options["connection"]) : Target.Sqlite();
        Console.WriteLine($"search bench: {target.Name}, {messages:N0} messages over {threads:N0} threads, {queries} queries, {Environment.ProcessorCount} cores, {Environment.Version}");
        try
        {
            await QueriesAsync(target, messages, threads, queries);
            if (target.ComparesAppends)
            {
                await AppendsAsync(target, TimeSpan.FromSeconds(seconds));
            }
        }
        finally
        {
            target.Dispose();
        }

        return 0;
    }

    private static async Task QueriesAsync(Target target, int messages, int threads, int queryCount)
    {
        var corpus = new SearchCorpus();
        var random = new Random(20261207);
        var perThread = messages / threads;
        var queries = new List<(string Q, string User)>();
        var seedWatch = Stopwatch.StartNew();
        await using (var silo = target.Silo("corpus"))
        {
            var next = 0;
            var users = new string[threads];
            var batches = Enumerable.Range(0, threads).Select(t =>
            {
                users[t] = "u" + (t % 1000).ToString(CultureInfo.InvariantCulture);
                var texts = Enumerable.Range(0, perThread).Select(_ => corpus.MessageRanks(random)).ToArray();
                foreach (var ranks in texts.Where(_ => queries.Count < queryCount && random.Next(messages / queryCount / 2 + 1) == 0))
                {
                    if (corpus.Query(ranks, random) is { } q)
                    {
                        queries.Add((q, users[t]));
                    }
                }

                return (Thread: t, Texts: texts.Select(corpus.Text).ToArray());
            }).ToArray();
            await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
            {
                for (var i = Interlocked.Increment(ref next) - 1; i < batches.Length; i = Interlocked.Increment(ref next) - 1)
                {
                    await ImportAsync(silo.Storage, batches[i].Thread, users[batches[i].Thread], batches[i].Texts);
                }
            })));
            Console.WriteLine($"seeded {threads * perThread:N0} messages in {seedWatch.Elapsed.TotalSeconds:0.0} s ({threads * perThread / seedWatch.Elapsed.TotalSeconds:N0}/s, index kept by the writes)");
            target.Settle();

            var search = silo.Grains.GetSearch(BenchData.Namespace);
            var common = corpus[SearchCorpus.CommonWords / 2];
            foreach (var (q, _) in queries.Take(20))
            {
                await search.SearchAsync(new SearchQuery { Q = q });
            }

            Report("two-word query, first page of 20", await TimeAsync(queries, q => search.SearchAsync(new SearchQuery { Q = q.Q })));
            Report("two-word query, scoped to the user of 10 threads", await TimeAsync(queries, async q =>
            {
                using (ThreadsRequestContext.ActAsUser(q.User))
                {
                    return await search.SearchAsync(new SearchQuery { Q = q.Q });
                }
            }));
            Report($"one common word ('{common}', rank {SearchCorpus.CommonWords / 2})", await TimeAsync(queries.Take(20).ToList(), _ => search.SearchAsync(new SearchQuery { Q = common })));
        }

        target.MeasureIndex(messages);
    }

    private static async Task<(List<double> Milliseconds, double Hits)> TimeAsync(List<(string Q, string User)> queries, Func<(string Q, string User), Task<SearchPage>> search)
    {
        var times = new List<double>(queries.Count);
        long hits = 0;
        foreach (var query in queries)
        {
            var started = Stopwatch.GetTimestamp();
            var page = await search(query);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            hits += page.Hits.Count;
        }

        return (times, (double)hits / queries.Count);
    }

    private static void Report(string what, (List<double> Milliseconds, double Hits) result)
    {
        var sorted = result.Milliseconds.Order().ToArray();
        Console.WriteLine(
            $"| {what} | {sorted.Length} | {sorted[sorted.Length / 2]:0.00} ms | {sorted[(int)(sorted.Length * 0.9)]:0.00} ms | {sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * 0.99))]:0.00} ms | {result.Hits:0.0} |");
    }

    private static async Task ImportAsync(IThreadStore store, int thread, string user, string[] texts)
    {
        var id = "thread_" + thread.ToString("x24", CultureInfo.InvariantCulture);
        var header = new StoredThread(
            new ThreadInfo
            {
                Id = id, Namespace = BenchData.Namespace, UserId = user, ResourceId = "r" + (thread % 100).ToString(CultureInfo.InvariantCulture),
                MessageCount = texts.Length, LastSeq = texts.Length, CreatedAt = BenchData.Start, UpdatedAt = BenchData.Start, Version = 1,
            },
            ETag: 1);
        var messages = texts.Select((text, i) => new ThreadMessage
        {
            Seq = i + 1,
            Id = Identifiers.NewMessageId(BenchData.Start.AddMilliseconds(i)),
            Role = i % 2 == 0 ? MessageRole.User : MessageRole.Assistant,
            Content = [new TextPart(text)],
            CreatedAt = BenchData.Start.AddMilliseconds(i),
        }).ToArray();
        if (!await store.ImportThreadAsync(header, messages, [], CancellationToken.None))
        {
            throw new InvalidOperationException($"Thread {id} exists already.");
        }
    }

    /// <summary>16 durable appenders on fresh stores, with the index and without it, twice each, alternated.</summary>
    private static async Task AppendsAsync(Target target, TimeSpan duration)
    {
        Console.WriteLine();
        Console.WriteLine("| 16 durable appenders through the store | appends/s | CPU µs per append |");
        Console.WriteLine("| --- | ---: | ---: |");
        foreach (var round in new[] { 1, 2 })
        {
            foreach (var indexed in new[] { true, false })
            {
                await using var silo = target.Silo($"append-{round}-{indexed}");
                if (!indexed)
                {
                    target.DropIndex();
                }

                var cpu = TimeSpan.Zero;
                var (appended, elapsed) = await StoreAppenders.RunAsync(silo.Storage, 16, WarmUp, duration, () => cpu = Process.GetCurrentProcess().TotalProcessorTime);
                cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
                Console.WriteLine($"| {(indexed ? "with the search index" : target.Without)}, round {round} | {appended / elapsed:N0} | {cpu.TotalMicroseconds / appended:0} |");
            }
        }
    }

    /// <summary>Where the bench runs: a fresh SQLite file or PostgreSQL schema per silo, and the index's own statements.</summary>
    private abstract class Target : IDisposable
    {
        public abstract string Name { get; }

        /// <summary>Whether the index can be dropped under a running store, for appenders without it in the same run.</summary>
        public virtual bool ComparesAppends => false;

        /// <summary>What the appenders' baseline lacks.</summary>
        public virtual string Without => "without it";

        public static Target Sqlite() => new SqliteTarget();

        public static Target Postgres(string connectionString) => new PostgresTarget(connectionString);

        /// <summary>A silo over a new, empty database named after <paramref name="purpose"/>.</summary>
        public abstract BenchSilo Silo(string purpose);

        /// <summary>What the database does by itself a while after a bulk load (PostgreSQL's autovacuum: statistics, the GIN pending list).</summary>
        public virtual void Settle()
        {
        }

        /// <summary>Removes the search index from the last database made.</summary>
        public abstract void DropIndex();

        /// <summary>Reports the index's size in the last database, then drops it and times building it again over the existing messages.</summary>
        public abstract void MeasureIndex(int messages);

        public abstract void Dispose();
    }

    private sealed class SqliteTarget : Target
    {
        private readonly List<string> _paths = [];

        public override string Name => "SQLite (durability Full)";

        private string Last => _paths[^1];

        public override BenchSilo Silo(string purpose)
        {
            _paths.Add(BenchSilo.TempDatabase("search-" + purpose));
            return new BenchSilo(Last, SqliteDurability.Full);
        }

        public override void DropIndex() =>
            Execute("DROP TRIGGER messages_search_delete; DROP TABLE messages_search; UPDATE schema_version SET version = 6");

        public override void MeasureIndex(int messages)
        {
            var before = new FileInfo(Last).Length;
            DropIndex();
            Execute("VACUUM");
            var without = new FileInfo(Last).Length;
            var watch = Stopwatch.StartNew();
            using (var store = new SqliteThreadStore(Microsoft.Extensions.Options.Options.Create(new SqliteStorageOptions { ConnectionString = $"Data Source={Last}" }), Microsoft.Extensions.Logging.Abstractions.NullLogger<SqliteThreadStore>.Instance))
            {
                store.InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
            }

            var built = watch.Elapsed.TotalSeconds;
            Console.WriteLine($"index: {(before - without) / 1e6 * 1e6 / messages:N0} MB per million messages ({before / 1e6:N0} MB with it, {without / 1e6:N0} MB without, after VACUUM)");
            Console.WriteLine($"building it over the existing messages (migrations 7 and 8): {built:0.0} s, {built * 1e6 / messages:0.0} s per million messages");
        }

        public override void Dispose()
        {
            foreach (var path in _paths)
            {
                BenchSilo.Delete(path);
            }
        }

        private void Execute(string sql)
        {
            using var connection = new SqliteConnection($"Data Source={Last};Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
    }

    private sealed class PostgresTarget(string connectionString) : Target
    {
        private readonly List<string> _schemas = [];

        public override string Name => "PostgreSQL";

        private string Last => _schemas[^1];

        public override BenchSilo Silo(string purpose)
        {
            _schemas.Add("bench_" + purpose.Replace('-', '_').ToLowerInvariant() + "_" + Guid.NewGuid().ToString("N")[..8]);
            var schema = Last;
            return new BenchSilo(services => services.AddThreadsPostgresStorage(o =>
            {
                o.ConnectionString = connectionString;
                o.Schema = schema;
            }));
        }

        public override bool ComparesAppends => true;

        public override string Without => "without the GIN index (the silo still writes the column)";

        public override void DropIndex() => Execute("DROP INDEX messages_search");

        public override void Settle() => Execute("VACUUM ANALYZE messages; ANALYZE threads");

        public override void MeasureIndex(int messages)
        {
            var index = Scalar("SELECT pg_relation_size('messages_search')");
            var column = Scalar("SELECT sum(pg_column_size(search)) FROM messages");
            Execute("ALTER TABLE messages DROP COLUMN search; DELETE FROM schema_version WHERE version = 5");
            var watch = Stopwatch.StartNew();
            using (var dataSource = NpgsqlDataSource.Create(connectionString))
            {
                PostgresSchema.MigrateAsync(dataSource, Last, CancellationToken.None).GetAwaiter().GetResult();
            }

            var built = watch.Elapsed.TotalSeconds;
            Console.WriteLine($"index: GIN {index / 1e6 * 1e6 / messages:N0} MB and tsvector column {column / 1e6 * 1e6 / messages:N0} MB per million messages");
            Console.WriteLine($"building it over the existing messages (migration 5): {built:0.0} s, {built * 1e6 / messages:0.0} s per million messages");
        }

        public override void Dispose()
        {
            foreach (var schema in _schemas)
            {
                Execute($"DROP SCHEMA \"{schema}\" CASCADE", schema);
            }
        }

        private long Scalar(string sql)
        {
            using var connection = Open(Last);
            using var command = new NpgsqlCommand(sql, connection);
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        private void Execute(string sql, string? schema = null)
        {
            using var connection = Open(schema ?? Last);
            using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
            command.ExecuteNonQuery();
        }

        private NpgsqlConnection Open(string schema)
        {
            var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = schema }.ToString());
            connection.Open();
            return connection;
        }
    }
}
