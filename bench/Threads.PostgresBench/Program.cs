using Threads.PostgresBench;

// Usage: dotnet run -c Release --project bench/Threads.PostgresBench -- "<Npgsql connection string>" [seconds per scenario] [appends]
// With "appends", only the baseline and the append throughput scenarios run.
var connectionString = args.Length > 0 ? args[0] : Environment.GetEnvironmentVariable("THREADS_TEST_POSTGRES");
if (string.IsNullOrEmpty(connectionString))
{
    Console.Error.WriteLine("Pass an Npgsql connection string, or set THREADS_TEST_POSTGRES.");
    return 2;
}

var seconds = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10;
await using var run = await BenchmarkRun.StartAsync(connectionString, TimeSpan.FromSeconds(seconds));
await run.RunAllAsync(appendsOnly: args.Length > 2 && args[2] == "appends");
return 0;
