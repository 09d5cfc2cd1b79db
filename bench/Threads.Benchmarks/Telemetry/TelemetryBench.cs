using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Threads.Benchmarks.Load;
using Threads.Grains;
using Threads.Grains.Storage.Sqlite;

namespace Threads.Benchmarks.Telemetry;

/// <summary>
/// Appends through the grains with telemetry off (nothing listening: the silo without an OTLP endpoint) and on (every
/// span and metric recorded, as with one), alternating in one process: <c>telemetry [seconds] [rounds]</c>. Each round
/// runs both, in the opposite order to the round before, so that the machine's drift over a run falls on both alike.
/// </summary>
public static class TelemetryBench
{
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);

    public static async Task<int> RunAsync(string[] args)
    {
        var duration = TimeSpan.FromSeconds(args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 5);
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        Console.WriteLine($"telemetry: {duration.TotalSeconds:0.#} s per scenario after {WarmUp.TotalSeconds:0.#} s of warm-up, {rounds} rounds, SQLite Normal, {Environment.ProcessorCount} cores, {Environment.Version}");
        Console.WriteLine();
        Console.WriteLine("| round | telemetry | appenders | appends/s |");
        Console.WriteLine("| ---: | --- | ---: | ---: |");
        var rates = new Dictionary<(bool, int), List<double>>();
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var telemetry in round % 2 == 1 ? new[] { false, true } : [true, false])
            {
                foreach (var appenders in new[] { 1, 16 })
                {
                    var rate = await AppendersAsync(appenders, duration, telemetry);
                    Console.WriteLine($"| {round} | {(telemetry ? "on" : "off")} | {appenders} | {rate:N0} |");
                    (rates.TryGetValue((telemetry, appenders), out var list) ? list : rates[(telemetry, appenders)] = []).Add(rate);
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine("| appenders | off, median | on, median | on / off |");
        Console.WriteLine("| ---: | ---: | ---: | ---: |");
        foreach (var appenders in new[] { 1, 16 })
        {
            var off = Median(rates[(false, appenders)]);
            var on = Median(rates[(true, appenders)]);
            Console.WriteLine($"| {appenders} | {off:N0} | {on:N0} | {on / off:0.000} |");
        }

        return 0;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static async Task<double> AppendersAsync(int appenders, TimeSpan duration, bool telemetry)
    {
        var path = BenchSilo.TempDatabase("telemetry");
        try
        {
            await using var silo = new BenchSilo(
                services => services.AddThreadsSqliteStorage(o =>
                {
                    o.ConnectionString = $"Data Source={path}";
                    o.Durability = SqliteDurability.Normal;
                }),
                telemetry);
            var grains = await GrainAppenders.CreateAsync(silo, appenders, "telemetry");

            var request = new AppendMessagesRequest { Messages = [BenchData.Turn(1)] };
            await GrainAppenders.RunAsync(grains, request, WarmUp);
            var stopwatch = Stopwatch.StartNew();
            var appended = await GrainAppenders.RunAsync(grains, request, duration);
            return appended / stopwatch.Elapsed.TotalSeconds;
        }
        finally
        {
            BenchSilo.Delete(path);
        }
    }
}
