using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Threads.Grains;
using Threads.Grains.Storage;
using Threads.TestingHost;

namespace Threads.PostgresBench;

/// <summary>
/// The scenarios, each in a fresh schema: the raw Npgsql baseline (one single-row INSERT per transaction), then the
/// same load through the grains of an in-process Orleans silo over the PostgreSQL store, reported as a ratio of the baseline.
/// </summary>
internal sealed class BenchmarkRun : IAsyncDisposable
{
    private const string Body = "A message of about a hundred bytes, the size of a short chat turn in a conversation with an agent.";
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(2);

    private readonly string _connectionString;
    private readonly TimeSpan _duration;
    private readonly string _schema = "bench_" + Guid.NewGuid().ToString("N")[..8];
    private readonly NpgsqlDataSource _admin;
    private readonly BatchSizeListener _batchSizes = new();
    private IHost? _host;
    private string _lastCpu = string.Empty;

    private BenchmarkRun(string connectionString, TimeSpan duration)
    {
        _connectionString = connectionString;
        _duration = duration;
        _admin = NpgsqlDataSource.Create(connectionString);
    }

    public static async Task<BenchmarkRun> StartAsync(string connectionString, TimeSpan duration)
    {
        var run = new BenchmarkRun(connectionString, duration);
        await using var version = run._admin.CreateCommand("SELECT version(), current_setting('synchronous_commit'), current_setting('fsync')");
        await using var reader = await version.ExecuteReaderAsync();
        await reader.ReadAsync();
        Console.WriteLine($"# {reader.GetString(0)}; synchronous_commit={reader.GetString(1)}, fsync={reader.GetString(2)}");
        Console.WriteLine($"# {Environment.ProcessorCount} cores, .NET {Environment.Version}, {duration.TotalSeconds:0} s per scenario after {Warmup.TotalSeconds:0} s warm-up");
        return run;
    }

    public async Task RunAllAsync(bool appendsOnly)
    {
        var raw1 = await RawInsertsAsync(1);
        Report("raw Npgsql: single-row INSERT per transaction, 1 connection", raw1, "rows/s");
        var raw16 = await RawInsertsAsync(16);
        Report("raw Npgsql: single-row INSERT per transaction, 16 connections", raw16, "rows/s");

        var grains = await StartGrainsAsync();
        var store = _host!.Services.GetRequiredService<IThreadStore>();
        _batchSizes.TakeMean();
        var ours1 = await GrainAppendsAsync(grains, 1);
        Report("grain appends, 1 appender", ours1, "appends/s", $"{ours1 / raw1:0.00}x raw 1 connection; {_batchSizes.TakeMean():0.0} appends/commit");
        var ours16 = await GrainAppendsAsync(grains, 16);
        Report("grain appends, 16 appenders", ours16, "appends/s", $"{ours16 / raw16:0.00}x raw 16 connections; {_batchSizes.TakeMean():0.0} appends/commit");
        var ours64 = await GrainAppendsAsync(grains, 64);
        Report("grain appends, 64 appenders", ours64, "appends/s", $"{ours64 / raw16:0.00}x raw 16 connections; {_batchSizes.TakeMean():0.0} appends/commit");
        var store16 = await StoreAppendsAsync(store, 16);
        Report("store appends (no grain), 16 appenders", store16, "appends/s", $"{store16 / raw16:0.00}x raw 16 connections; {_batchSizes.TakeMean():0.0} appends/commit");
        if (appendsOnly)
        {
            return;
        }

        var (shortThread, longThread) = await CreateLengthThreadsAsync(grains, store, 100_000);
        var atTen = await AppendLatencyAsync(grains, shortThread, 500);
        var atLong = await AppendLatencyAsync(grains, longThread, 500);
        Console.WriteLine($"append latency, 1 appender, thread of 10: mean {atTen.Mean:0} µs, p50 {atTen.P50:0} µs, p99 {atTen.P99:0} µs");
        Console.WriteLine($"append latency, 1 appender, thread of 100,000: mean {atLong.Mean:0} µs, p50 {atLong.P50:0} µs, p99 {atLong.P99:0} µs ({atLong.Mean / atTen.Mean:0.00}x)");

        var cold = await ColdLastFiftyAsync(grains, store, 200, 1_000);
        Console.WriteLine($"last-50 read, cold grain (first call on the activation), threads of 1,000: p50 {cold.P50:0} µs, p99 {cold.P99:0} µs");
        var coldLong = await ColdLastFiftyAsync(grains, store, 20, 100_000);
        Console.WriteLine($"last-50 read, cold grain, threads of 100,000: p50 {coldLong.P50:0} µs, p99 {coldLong.P99:0} µs");
        var storeRead = await StoreLastFiftyAsync(store, longThread, 500);
        Console.WriteLine($"last-50 read, store only (ReadMessagesAsync), thread of 100,000: p50 {storeRead.P50:0} µs, p99 {storeRead.P99:0} µs");
        var live = await LiveLastFiftyAsync(grains, longThread, 5_000);
        Console.WriteLine($"last-50 read, live grain (from its cached tail), thread of 100,000: p50 {live.P50:0.0} µs, p99 {live.P99:0.0} µs");
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }

        await using (var drop = _admin.CreateCommand($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE"))
        {
            await drop.ExecuteNonQueryAsync();
        }

        await _admin.DisposeAsync();
        _batchSizes.Dispose();
    }

    private void Report(string scenario, double perSecond, string unit, string? ratio = null) =>
        Console.WriteLine($"{scenario}: {perSecond.ToString("N0", CultureInfo.InvariantCulture)} {unit} ({(ratio is null ? string.Empty : ratio + "; ")}{_lastCpu})");

    /// <summary>Runs <paramref name="workers"/> loops for the warm-up and then the measured window; returns operations per second in the window.</summary>
    private async Task<double> MeasureAsync(int workers, Func<int, Task> operation)
    {
        long counted = 0;
        var measuring = false;
        using var stop = new CancellationTokenSource();
        var loops = Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await operation(w);
                if (Volatile.Read(ref measuring))
                {
                    Interlocked.Increment(ref counted);
                }
            }
        })).ToArray();
        await Task.Delay(Warmup);
        Volatile.Write(ref measuring, true);
        var cpu = CpuMeter.Now();
        var clock = Stopwatch.StartNew();
        await Task.Delay(_duration);
        var done = Interlocked.Read(ref counted);
        var elapsed = clock.Elapsed;
        _lastCpu = CpuMeter.Now().PerOperation(cpu, done);
        await stop.CancelAsync();
        await Task.WhenAll(loops);
        return done / elapsed.TotalSeconds;
    }

    private async Task<double> RawInsertsAsync(int connections)
    {
        var table = $"\"{_schema}\".raw_{connections}";
        await using (var create = _admin.CreateCommand(
            $"CREATE SCHEMA IF NOT EXISTS \"{_schema}\"; CREATE TABLE {table} (thread_id text NOT NULL, seq bigint NOT NULL, body text NOT NULL, PRIMARY KEY (thread_id, seq))"))
        {
            await create.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(_connectionString) { MaxAutoPrepare = 8 };
        await using var dataSource = NpgsqlDataSource.Create(builder);
        var seqs = new long[connections];
        return await MeasureAsync(connections, async worker =>
        {
            await using var insert = dataSource.CreateCommand($"INSERT INTO {table} (thread_id, seq, body) VALUES ($1, $2, $3)");
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = "t" + worker });
            insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = ++seqs[worker] });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Body });
            await insert.ExecuteNonQueryAsync();
        });
    }

    private async Task<IGrainFactory> StartGrainsAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddThreadsPostgresStorage(o =>
        {
            o.ConnectionString = _connectionString;
            o.Schema = _schema;
        });
        var cluster = $"bench-{Guid.NewGuid():N}";
        builder.UseOrleans(silo => silo.AddThreads().UseLocalhostClustering(LoopbackPort.Free(), LoopbackPort.Free(), serviceId: cluster, clusterId: cluster));
        _host = builder.Build();
        await _host.Services.GetRequiredService<IThreadStore>().InitializeAsync(CancellationToken.None);
        await _host.StartAsync();
        return _host.Services.GetRequiredService<IGrainFactory>();
    }

    private async Task<double> GrainAppendsAsync(IGrainFactory grains, int appenders)
    {
        var threads = new IThreadGrain[appenders];
        for (var i = 0; i < appenders; i++)
        {
            threads[i] = grains.GetThread("bench", Identifiers.NewThreadId());
            await threads[i].CreateAsync(new CreateThreadRequest { ResourceId = "bench" });
        }

        var request = new AppendMessagesRequest { Messages = [NewMessage.FromText(MessageRole.User, Body)] };
        return await MeasureAsync(appenders, worker => threads[worker].AppendAsync(request));
    }

    private async Task<double> StoreAppendsAsync(IThreadStore store, int appenders)
    {
        var threads = new StoredThread[appenders];
        for (var i = 0; i < appenders; i++)
        {
            var id = await CreateLongThreadAsync(store, 0);
            threads[i] = (await store.GetThreadAsync("bench", id, CancellationToken.None))!;
        }

        return await MeasureAsync(appenders, async worker =>
        {
            var current = threads[worker];
            var seq = current.Thread.LastSeq + 1;
            var message = new ThreadMessage
            {
                Seq = seq,
                Id = Identifiers.NewMessageId(TimeProvider.System.GetUtcNow()),
                Role = MessageRole.User,
                Content = [new TextPart(Body)],
                CreatedAt = current.Thread.UpdatedAt,
            };
            var next = new StoredThread(current.Thread with { LastSeq = seq, MessageCount = seq }, current.ETag + 1);
            if (await store.AppendAsync(new AppendBatch(next, current.ETag, [message], null) { MovesLogOnly = true }, CancellationToken.None) != AppendOutcome.Appended)
            {
                throw new InvalidOperationException("An uncontended append conflicted.");
            }

            threads[worker] = next;
        });
    }

    private static async Task<(string Short, string Long)> CreateLengthThreadsAsync(IGrainFactory grains, IThreadStore store, int length)
    {
        var shortId = Identifiers.NewThreadId();
        await grains.GetThread("bench", shortId).CreateAsync(new CreateThreadRequest
        {
            Messages = [.. Enumerable.Range(1, 10).Select(i => NewMessage.FromText(MessageRole.User, Body))],
        });
        var longId = await CreateLongThreadAsync(store, length);
        return (shortId, longId);
    }

    /// <summary>A thread of <paramref name="length"/> messages, written straight to the store in one statement (a grain would take minutes).</summary>
    private static async Task<string> CreateLongThreadAsync(IThreadStore store, int length)
    {
        var id = Identifiers.NewThreadId();
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var messages = Enumerable.Range(1, length).Select(seq => new ThreadMessage
        {
            Seq = seq,
            Id = Identifiers.NewMessageId(TimeProvider.System.GetUtcNow()),
            Role = seq % 2 == 0 ? MessageRole.Assistant : MessageRole.User,
            Content = [new TextPart(Body)],
            CreatedAt = at,
        }).ToArray();
        var thread = new ThreadInfo
        {
            Id = id,
            Namespace = "bench",
            MessageCount = length,
            LastSeq = length,
            CreatedAt = at,
            UpdatedAt = at,
            Version = 1,
        };
        if (!await store.CreateThreadAsync(new StoredThread(thread, 1), messages, CancellationToken.None))
        {
            throw new InvalidOperationException("The long thread was not created.");
        }

        return id;
    }

    private static async Task<Latency> AppendLatencyAsync(IGrainFactory grains, string threadId, int count)
    {
        var thread = grains.GetThread("bench", threadId);
        var request = new AppendMessagesRequest { Messages = [NewMessage.FromText(MessageRole.User, Body)] };
        for (var i = 0; i < 50; i++)
        {
            await thread.AppendAsync(request);
        }

        var samples = new double[count];
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await thread.AppendAsync(request);
            samples[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        }

        return Latency.Of(samples);
    }

    /// <summary>The first call on each of <paramref name="threads"/> fresh activations: load the header, then read the last 50.</summary>
    private async Task<Latency> ColdLastFiftyAsync(IGrainFactory grains, IThreadStore store, int threads, int length)
    {
        var ids = new string[threads];
        for (var i = 0; i < threads; i++)
        {
            ids[i] = await CreateLongThreadAsync(store, length);
        }

        await SettleAsync();

        var query = new MessageQuery { Limit = 50, Order = SortOrder.Descending };
        var samples = new double[threads];
        for (var i = 0; i < threads; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var page = await grains.GetThread("bench", ids[i]).GetMessagesAsync(query);
            samples[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
            if (page.Messages.Count != 50)
            {
                throw new InvalidOperationException("The read did not return 50 messages.");
            }
        }

        return Latency.Of(samples);
    }

    /// <summary>
    /// Lets the server and this process finish with a bulk load before reads are timed: otherwise autovacuum's analyze
    /// of the new rows, the checkpoint writing them out and the collection of the load's garbage run during the reads.
    /// </summary>
    private async Task SettleAsync()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        foreach (var sql in (string[])[$"VACUUM (ANALYZE) \"{_schema}\".messages", "CHECKPOINT"])
        {
            try
            {
                await using var command = _admin.CreateCommand(sql);
                command.CommandTimeout = 600;
                await command.ExecuteNonQueryAsync();
            }
            catch (PostgresException e)
            {
                Console.WriteLine($"# could not run {sql}: {e.MessageText}");
            }
        }
    }

    /// <summary>The last 50 of a live thread: the activation answers from the tail it holds (the first call loads it).</summary>
    private static async Task<Latency> LiveLastFiftyAsync(IGrainFactory grains, string threadId, int count)
    {
        var thread = grains.GetThread("bench", threadId);
        var query = new MessageQuery { Limit = 50, Order = SortOrder.Descending };
        await thread.GetMessagesAsync(query);
        var samples = new double[count];
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await thread.GetMessagesAsync(query);
            samples[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        }

        return Latency.Of(samples);
    }

    private static async Task<Latency> StoreLastFiftyAsync(IThreadStore store, string threadId, int count)
    {
        var range = new MessageRange(null, null, Descending: true, Limit: 50);
        var samples = new double[count];
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await store.ReadMessagesAsync("bench", threadId, range, CancellationToken.None);
            samples[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        }

        return Latency.Of(samples);
    }
}
