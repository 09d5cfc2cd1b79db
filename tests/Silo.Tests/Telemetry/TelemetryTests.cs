using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Threads.Grains.Diagnostics;
using Threads.TestingHost;

namespace Threads.Silo.Tests.Telemetry;

/// <summary>
/// The silo's telemetry as configured in production (an OTLP endpoint set), read through OpenTelemetry's in-memory
/// exporters beside it: one append over real HTTP to a real silo over SQLite, and over PostgreSQL.
/// </summary>
public sealed class TelemetryTests
{
    private const string PostgresVariable = "THREADS_TEST_POSTGRES";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Append_OverHttp_TracesRequestGrainCallAndCommitInOneTraceAndCountsIt(string store)
    {
        var postgres = Environment.GetEnvironmentVariable(PostgresVariable);
        if (store == "postgres" && string.IsNullOrEmpty(postgres))
        {
            Assert.SkipWhen(!string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase), $"{PostgresVariable} is not set (.ci/run starts a PostgreSQL and sets it).");
            Assert.Fail($"CI=true and {PostgresVariable} is not set.");
        }

        var spans = new List<Activity>();
        var metrics = new List<MetricSnapshot>();
        var traceId = ActivityTraceId.CreateRandom();
        using var requestEnded = new SpanEnded(traceId, static span => span.Kind == ActivityKind.Server && span.DisplayName.StartsWith("POST", StringComparison.Ordinal));
        var directory = Directory.CreateTempSubdirectory("threads-telemetry-");
        await using (var cluster = new ThreadsTestCluster(o =>
        {
            o.SiloCount = 1;
            if (store == "postgres")
            {
                o.Configuration["Threads:Storage:Provider"] = "Postgres";
                o.Configuration["Threads:Storage:ConnectionString"] = postgres;
                o.Configuration["Threads:Storage:Postgres:Schema"] = "telemetry_" + Guid.NewGuid().ToString("N")[..12];
            }
            else
            {
                o.Configuration["Threads:Storage:Provider"] = "Sqlite";
                o.Configuration["Threads:Storage:ConnectionString"] = $"Data Source={Path.Combine(directory.FullName, "threads.db")}";
            }

            // Nothing listens there: the OTLP exporter's sends fail quietly, as with a collector that is down.
            o.Configuration[ThreadsTelemetryServiceCollectionExtensions.OtlpEndpointVariable] = $"http://127.0.0.1:{LoopbackPort.Free()}";
            o.ConfigureServices = services => services
                .ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans).AddProcessor(requestEnded))
                .ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(metrics));
        }))
        {
            await cluster.DeployAsync(Ct);
            var silo = cluster.Silos[0];
            var created = await silo.Http.PostAsJsonAsync("v1/namespaces/telemetry/threads", new { resourceId = "r" }, Ct);
            var threadId = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString();

            using var append = new HttpRequestMessage(HttpMethod.Post, $"v1/namespaces/telemetry/threads/{threadId}/messages")
            {
                Content = JsonContent.Create(new { messages = new[] { new { role = "user", content = "hello" } } }),
            };
            append.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
            var appended = await silo.Http.SendAsync(append, Ct);
            Assert.Equal(HttpStatusCode.Created, appended.StatusCode);

            await requestEnded.Ended.WaitAsync(Ct);
            silo.Services.GetRequiredService<MeterProvider>().ForceFlush();
        }

        directory.Delete(recursive: true);

        Activity[] trace;
        lock (spans)
        {
            trace = [.. spans.Where(s => s.TraceId == traceId)];
        }

        var request = Assert.Single(trace, s => s.Source.Name == "Microsoft.AspNetCore" && s.Kind == ActivityKind.Server);
        var grainCall = Assert.Single(trace, s => s.Kind == ActivityKind.Server && s.DisplayName == "IThreadGrain/AppendAsync");
        var commit = Assert.Single(trace, s => s.Source.Name == ThreadsTelemetry.ActivitySourceName);
        Assert.Equal(ThreadsTelemetry.StoreCommitSpanName, commit.DisplayName);
        Assert.Equal(store, commit.GetTagItem(ThreadsTelemetry.StoreAttribute));
        Assert.Equal(grainCall.SpanId, commit.ParentSpanId);
        Assert.True(commit.StartTimeUtc >= request.StartTimeUtc, "the commit began during the request");
        if (store == "postgres")
        {
            // Npgsql's span of the append statement, inside the commit.
            Assert.Contains(trace, s => s.Source.Name == "Npgsql" && s.ParentSpanId == commit.SpanId);
        }

        lock (metrics)
        {
            Assert.True(Sum(metrics, "threads.appends") >= 1);
            Assert.True(Sum(metrics, "threads.appended_messages") >= 1);
            Assert.Contains(metrics, m => m.Name == "threads.store.commit.batch_size" && m.MetricPoints.Any(p => HasTag(p, ThreadsTelemetry.StoreAttribute, store) && p.GetHistogramCount() >= 1));
            Assert.Contains(metrics, m => m.Name == "threads.store.commit.duration" && m.MetricPoints.Any(p => p.GetHistogramCount() >= 1));
            Assert.Contains(metrics, m => m.Name == "threads.thread.activations");
            Assert.Contains(metrics, m => m.MeterName == "Microsoft.AspNetCore.Hosting" && m.Name == "http.server.request.duration");
            Assert.Contains(metrics, m => m.MeterName == "Microsoft.Orleans");
        }
    }

    private static long Sum(IEnumerable<MetricSnapshot> metrics, string name) =>
        metrics.Where(m => m.Name == name).SelectMany(m => m.MetricPoints).Select(p => p.GetSumLong()).DefaultIfEmpty().Max();

    private static bool HasTag(MetricPoint point, string key, string value)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key && Equals(tag.Value, value))
            {
                return true;
            }
        }

        return false;
    }
}
