using System.Globalization;
using Npgsql;
using Threads.Client;
using Threads.TestingHost;

namespace Threads.LoadDriver;

/// <summary>
/// Silo processes over one PostgreSQL in an AdoNet cluster, with HTTP requests spread evenly over them (each request to
/// the next silo, as a round-robin load balancer does): with 3 silos two requests in three reach a silo that does not
/// hold the thread and cross one silo hop. Measured against one silo process over the same database.
/// </summary>
internal static class ProcessClusterLoad
{
    public static async Task RunAsync(string connectionString, TimeSpan duration, IReadOnlyList<int> siloCounts)
    {
        Console.WriteLine("| silo processes | appends/s, 16 HTTP clients on 16 threads | p50 ms | p99 ms |");
        Console.WriteLine("| ---: | ---: | ---: | ---: |");
        foreach (var count in siloCounts)
        {
            var clusterId = "load" + Guid.NewGuid().ToString("N")[..8];
            var configuration = new Dictionary<string, string?>
            {
                ["Threads:Storage:Provider"] = "Postgres",
                ["Threads:Storage:ConnectionString"] = connectionString,
                ["Threads:Storage:Postgres:Schema"] = clusterId,
                ["Threads:Cluster:Provider"] = "AdoNet",
                ["Threads:Cluster:ClusterId"] = clusterId,
            };
            var silos = await Task.WhenAll(Enumerable.Range(0, count).Select(_ => ThreadsSiloProcess.StartAsync(configuration)));
            try
            {
                using var http = new HttpClient(new RoundRobinHandler([.. silos.Select(static s => s.BaseAddress)])) { BaseAddress = new Uri("http://threads/") };
                var result = await Load.AppendAsync(new ThreadsClient(http), $"processes-{count}", clients: 16, duration);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {count} | {result.PerSecond:N0} | {result.P50:0.000} | {result.P99:0.000} |"));
            }
            finally
            {
                foreach (var silo in silos)
                {
                    await silo.TerminateAsync();
                    await silo.DisposeAsync();
                }

                await using var database = NpgsqlDataSource.Create(connectionString);
                await using var drop = database.CreateCommand($"DROP SCHEMA IF EXISTS \"{clusterId}\" CASCADE; DELETE FROM orleansmembershiptable WHERE deploymentid = '{clusterId}'; DELETE FROM orleansmembershipversiontable WHERE deploymentid = '{clusterId}'");
                await drop.ExecuteNonQueryAsync();
            }
        }
    }

    /// <summary>Sends each request to the next silo in turn.</summary>
    private sealed class RoundRobinHandler(Uri[] silos) : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _next;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var silo = silos[(int)((uint)Interlocked.Increment(ref _next) % silos.Length)];
            request.RequestUri = new Uri(silo, request.RequestUri!.PathAndQuery);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
