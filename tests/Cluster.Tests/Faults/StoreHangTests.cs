using System.Diagnostics;
using System.Net;
using System.Text;
using Npgsql;
using Threads.TestingHost;

namespace Threads.Cluster.Tests.Faults;

/// <summary>
/// A store call that hangs (the thread's row locked by another session, so the append's UPDATE waits) answers 503
/// <c>unavailable</c> with <c>Retry-After</c> once the grain call timeout passes, never a hang; the append it started
/// may still commit once the lock goes, and the same request retried with its Idempotency-Key is then stored once.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class StoreHangTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 120_000)]
    public async Task Append_StoreHangsPastCallTimeout_Answers503ThenRetryStoresOnce()
    {
        var connectionString = TestPostgres.ConnectionString();
        await using var cluster = new ThreadsTestCluster(o =>
        {
            o.SiloCount = 1;
            o.Configuration["Threads:Storage:Provider"] = "Postgres";
            o.Configuration["Threads:Storage:ConnectionString"] = connectionString;
            o.Configuration["Threads:Storage:Postgres:Schema"] = "fault_tests";
            o.Configuration["Threads:Orleans:Messaging:ResponseTimeout"] = "00:00:02";
        });
        await cluster.DeployAsync(Ct);
        var threadId = "hang-" + Guid.NewGuid().ToString("N")[..12];
        using (var created = await cluster.Http.PostAsync("v1/namespaces/default/threads", Json($$"""{"id":"{{threadId}}"}"""), Ct))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        await using var blocker = new NpgsqlConnection(connectionString);
        await blocker.OpenAsync(Ct);
        await using var transaction = await blocker.BeginTransactionAsync(Ct);
        await using (var lockRow = new NpgsqlCommand("SELECT 1 FROM fault_tests.threads WHERE ns = 'default' AND id = $1 FOR UPDATE", blocker, transaction))
        {
            lockRow.Parameters.AddWithValue(threadId);
            await lockRow.ExecuteScalarAsync(Ct);
        }

        var started = Stopwatch.GetTimestamp();
        using (var hung = await cluster.Http.SendAsync(Append(threadId, threadId), Ct))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, hung.StatusCode);
            Assert.NotNull(hung.Headers.RetryAfter);
            Assert.Contains("\"code\":\"unavailable\"", await hung.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"answered 503 after {Stopwatch.GetElapsedTime(started).TotalSeconds:0.00} s");
        await transaction.RollbackAsync(Ct);

        using (var retried = await cluster.Http.SendAsync(Append(threadId, threadId), Ct))
        {
            Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        }

        using var log = await cluster.Http.GetAsync($"v1/namespaces/default/threads/{threadId}/messages", Ct);
        var body = await log.Content.ReadAsStringAsync(Ct);
        Assert.Single(body.Split("\"seq\":", StringSplitOptions.None).Skip(1));
    }

    private static HttpRequestMessage Append(string threadId, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"v1/namespaces/default/threads/{threadId}/messages")
        {
            Content = Json("""{"messages":[{"role":"user","content":"waited"}]}"""),
        };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
