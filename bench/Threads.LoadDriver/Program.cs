using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Threads.Grains.Storage.Sqlite;
using Threads.LoadDriver;
using Threads.TestingHost;

// Usage: dotnet run -c Release --project bench/Threads.LoadDriver [-- seconds=5 storage=sqlite|memory durability=full|normal]
//    or: dotnet run -c Release --project bench/Threads.LoadDriver -- middleware [seconds=5 durability=full|normal]
//    or: dotnet run -c Release --project bench/Threads.LoadDriver -- processes=1,3 postgres="<Npgsql connection string>" [seconds=5]
var settings = args.Select(static a => a.Split('=', 2)).Where(static p => p.Length == 2).ToDictionary(static p => p[0], static p => p[1]);
var seconds = double.Parse(settings.GetValueOrDefault("seconds", "5"), CultureInfo.InvariantCulture);
if (settings.TryGetValue("processes", out var processes))
{
    var postgres = settings.GetValueOrDefault("postgres") ?? Environment.GetEnvironmentVariable("THREADS_TEST_POSTGRES")
        ?? throw new ArgumentException("processes= needs postgres=<connection string> or THREADS_TEST_POSTGRES.");
    Console.WriteLine($"# silo processes over one PostgreSQL (AdoNet cluster), {seconds} s per run after {Load.WarmUp.TotalSeconds:0.#} s of warm-up, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
    await ProcessClusterLoad.RunAsync(postgres, TimeSpan.FromSeconds(seconds), [.. processes.Split(',').Select(static n => int.Parse(n, CultureInfo.InvariantCulture))]);
    return;
}

var storage = settings.GetValueOrDefault("storage", "sqlite");
var durability = Enum.Parse<SqliteDurability>(settings.GetValueOrDefault("durability", "full"), ignoreCase: true);
var duration = TimeSpan.FromSeconds(seconds);
var directory = Path.Combine(Path.GetTempPath(), "threads-load-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(directory);

Console.WriteLine($"# Threads load driver: {storage} storage ({(storage == "sqlite" ? $"durability {durability}" : "not durable")}), {seconds} s per run after {Load.WarmUp.TotalSeconds:0.#} s of warm-up for appends, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
Console.WriteLine();

await using var cluster = new ThreadsTestCluster(o =>
{
    o.SiloCount = 1;
    o.ConfigureStorage = Storage.Configure(storage, Path.Combine(directory, "threads.db"), durability);
});
await cluster.DeployAsync();
var silo = cluster.Silos[0];
var inProcess = silo.Services.GetRequiredService<IGrainFactory>().AsThreadsClient();
var overHttp = silo.Client;

if (args.Contains("middleware"))
{
    await MiddlewareLoad.RunAsync(inProcess, overHttp, duration);
    await cluster.DisposeAsync();
    Directory.Delete(directory, recursive: true);
    return;
}

var floor = await Load.HealthzAsync(silo.Http, clients: 16, duration);
Console.WriteLine($"HTTP floor of this machine: GET /healthz with 16 clients: {floor:0}/s (client and silo share the cores)");
Console.WriteLine();

Console.WriteLine("| measure | in process | over HTTP | HTTP / in process |");
Console.WriteLine("| --- | ---: | ---: | ---: |");
foreach (var clients in new[] { 1, 16 })
{
    // Over HTTP first: the in-process run appends far more, and a memory store's heap would slow what follows.
    var remote = await Load.AppendAsync(overHttp, "http", clients, duration);
    var local = await Load.AppendAsync(inProcess, "inproc", clients, duration);
    Row($"appends/s, {clients} client(s) on {clients} thread(s)", local.PerSecond, remote.PerSecond, "0");
    Row($"append p50 ms, {clients} client(s)", local.P50, remote.P50, "0.000");
    Row($"append p99 ms, {clients} client(s)", local.P99, remote.P99, "0.000");
}

var localRead = await Load.ReadLast50Async(inProcess, "inproc-read", duration);
var remoteRead = await Load.ReadLast50Async(overHttp, "http-read", duration);
Row("last-50 read p50 ms", localRead.P50, remoteRead.P50, "0.000");
Row("last-50 read p99 ms", localRead.P99, remoteRead.P99, "0.000");
Console.WriteLine();

var perActivation = await Load.IdleActivationBytesAsync(silo.Services.GetRequiredService<IGrainFactory>(), count: 10_000);
Console.WriteLine($"managed memory per idle activation (10,000 threads, header only, no tail loaded): {perActivation:0} bytes");

await cluster.DisposeAsync();
Directory.Delete(directory, recursive: true);

static void Row(string name, double local, double remote, string format) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {local.ToString(format, CultureInfo.InvariantCulture)} | {remote.ToString(format, CultureInfo.InvariantCulture)} | {(remote / local).ToString("0.00", CultureInfo.InvariantCulture)} |"));
