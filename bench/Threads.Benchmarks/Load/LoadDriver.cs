using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Threads.Grains;
using Threads.Grains.Storage.Sqlite;

namespace Threads.Benchmarks.Load;

/// <summary>
/// Throughput of appends through the grain runtime: one sequential appender, then N concurrent appenders each on its own
/// thread, for a few seconds each, beside the bare-SQLite baseline (one durable INSERT per transaction) measured in the same run.
/// </summary>
public static class LoadDriver
{
    // Long enough for tiered compilation to reach its optimized code: with 1 s, the first scenario still ran partly
    // unoptimized (one sequential appender measured 3,625–3,946/s after 1 s of warm-up, 4,838–4,854/s after 3 s).
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);

    private static TimeSpan _cpuAtStart;
    private static TimeSpan _lastDuration;

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 5;
        var duration = TimeSpan.FromSeconds(seconds);
        Console.WriteLine($"load driver: {duration.TotalSeconds:0.#} s per scenario after {WarmUp.TotalSeconds:0.#} s of warm-up, {Environment.ProcessorCount} cores, {Environment.Version}");
        Console.WriteLine();
        Console.WriteLine("| scenario | durability | appends/s | commits/s | writes per commit | WAL syncs/s | CPU µs per append |");
        Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
        Report("bare SQLite INSERT, 1 writer", SqliteDurability.Full, BareInsert(duration, SqliteDurability.Full), null, null);
        if (args.Contains("store"))
        {
            foreach (var durability in new[] { SqliteDurability.Full, SqliteDurability.Normal })
            {
                var (rate, commits, syncs) = await StoreAppendersAsync(1, duration, durability);
                Report("store appends, 1 sequential appender", durability, rate, commits, syncs);
                (rate, commits, syncs) = await StoreAppendersAsync(16, duration, durability);
                Report("store appends, 16 appenders on 16 threads", durability, rate, commits, syncs);
            }
        }

        foreach (var durability in new[] { SqliteDurability.Full, SqliteDurability.Normal })
        {
            var (rate, commits, syncs) = await AppendersAsync(1, duration, durability);
            Report("grain appends, 1 sequential appender", durability, rate, commits, syncs);
            (rate, commits, syncs) = await AppendersAsync(16, duration, durability);
            Report("grain appends, 16 appenders on 16 threads", durability, rate, commits, syncs);
            if (durability == SqliteDurability.Full)
            {
                // The disk's sync speed changes from minute to minute here: the bare INSERT measured again right after the
                // durable scenarios shows whether they ran at the speed of the first measurement.
                Report("bare SQLite INSERT, 1 writer, again", SqliteDurability.Full, BareInsert(duration, SqliteDurability.Full), null, null);
            }
        }

        Report("bare SQLite INSERT, 1 writer", SqliteDurability.Normal, BareInsert(duration, SqliteDurability.Normal), null, null);
        return 0;
    }

    private static void Report(string scenario, SqliteDurability durability, double rate, double? commits, double? syncs)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var cpuPerAppend = (cpu - _cpuAtStart).TotalMicroseconds / (rate * _lastDuration.TotalSeconds);
        Console.WriteLine(
            $"| {scenario} | {durability} | {rate:N0} | {(commits is { } c ? c.ToString("N0", CultureInfo.InvariantCulture) : "= appends")} | "
            + $"{(commits is { } d and > 0 ? (rate / d).ToString("0.0", CultureInfo.InvariantCulture) : "1")} | "
            + $"{(syncs is { } e ? e.ToString("N0", CultureInfo.InvariantCulture) : "in commit")} | {cpuPerAppend:0} |");
    }

    /// <summary>Starts the CPU-time measurement of a scenario's measured phase.</summary>
    private static void StartMeasuring(TimeSpan duration)
    {
        _lastDuration = duration;
        _cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
    }

    private static async Task<(double Rate, double CommitRate, double SyncRate)> AppendersAsync(int appenders, TimeSpan duration, SqliteDurability durability)
    {
        var path = BenchSilo.TempDatabase("load");
        try
        {
            await using var silo = new BenchSilo(path, durability);
            var grains = await GrainAppenders.CreateAsync(silo, appenders, "load");

            var request = new AppendMessagesRequest { Messages = [BenchData.Turn(1)] };
            await GrainAppenders.RunAsync(grains, request, WarmUp);
            var commitsBefore = silo.Store.CommitCount;
            var syncsBefore = silo.Store.SyncCount;
            StartMeasuring(duration);
            var stopwatch = Stopwatch.StartNew();
            var appended = await GrainAppenders.RunAsync(grains, request, duration);
            var elapsed = stopwatch.Elapsed.TotalSeconds;
            return (appended / elapsed, (silo.Store.CommitCount - commitsBefore) / elapsed, (silo.Store.SyncCount - syncsBefore) / elapsed);
        }
        finally
        {
            BenchSilo.Delete(path);
        }
    }

    private static async Task<(double Rate, double CommitRate, double SyncRate)> StoreAppendersAsync(int appenders, TimeSpan duration, SqliteDurability durability)
    {
        var path = BenchSilo.TempDatabase("load-store");
        try
        {
            await using var silo = new BenchSilo(path, durability);
            var commitsBefore = 0L;
            var syncsBefore = 0L;
            var (total, elapsed) = await StoreAppenders.RunAsync(silo.Store, appenders, WarmUp, duration, () =>
            {
                commitsBefore = silo.Store.CommitCount;
                syncsBefore = silo.Store.SyncCount;
                StartMeasuring(duration);
            });
            return (total / elapsed, (silo.Store.CommitCount - commitsBefore) / elapsed, (silo.Store.SyncCount - syncsBefore) / elapsed);
        }
        finally
        {
            BenchSilo.Delete(path);
        }
    }

    private static double BareInsert(TimeSpan duration, SqliteDurability durability)
    {
        var path = BenchSilo.TempDatabase("bare");
        try
        {
            using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
            connection.Open();
            Execute(connection, "PRAGMA journal_mode = WAL");
            Execute(connection, durability == SqliteDurability.Full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
            Execute(connection, "CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO t (body) VALUES ($body)";
            insert.Parameters.AddWithValue("$body", ((TextPart)BenchData.Turn(1).Content[0]).Text);
            insert.Prepare();
            var warmUp = Stopwatch.GetTimestamp() + (long)(WarmUp.TotalSeconds * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < warmUp)
            {
                insert.ExecuteNonQuery();
            }

            StartMeasuring(duration);
            var stopwatch = Stopwatch.StartNew();
            long count = 0;
            while (stopwatch.Elapsed < duration)
            {
                insert.ExecuteNonQuery();
                count++;
            }

            return count / stopwatch.Elapsed.TotalSeconds;
        }
        finally
        {
            BenchSilo.Delete(path);
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
