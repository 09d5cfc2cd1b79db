using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Threads.Grains.Storage;
using Threads.Silo.Hosting;
using Threads.Testing;
using Threads.TestingHost;

namespace Threads.Silo.Tests.Hosting;

/// <summary>The retention policy from configuration, applied by a pass run directly and by the service on a fake clock.</summary>
public sealed class RetentionServiceTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = TestClock.Create();
    private ThreadsTestCluster _cluster = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private RetentionService Service => _cluster.Silos[0].Services.GetRequiredService<RetentionService>();

    public async ValueTask InitializeAsync()
    {
        _cluster = new ThreadsTestCluster(o =>
        {
            o.SiloCount = 1;
            o.ConfigureServices = s => s.AddSingleton<TimeProvider>(_clock);
            o.Configuration["Threads:Retention:Interval"] = "01:00:00";
            o.Configuration["Threads:Retention:Namespaces:aged:MaxAge"] = "00:30:00";
            o.Configuration["Threads:Retention:Namespaces:short:KeepLast"] = "2";
        });
        await _cluster.DeployAsync(Ct);
    }

    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task RunOnce_KeepLast_TrimsLongThreadsSkipsLockedOnes()
    {
        await CreateAsync("short", "long", messages: 5);
        await CreateAsync("short", "brief", messages: 2);
        await CreateAsync("short", "held", messages: 5);
        await PostAsync("short", "threads/held/lock", """{"holder":"agent","ttlSeconds":600}""", HttpStatusCode.OK);

        var result = await Service.RunOnceAsync(Ct);

        Assert.Equal(new RetentionPassResult(Namespaces: 2, Deleted: 0, Trimmed: 1, MessagesRemoved: 3, Skipped: 1, IdempotencyRecordsRemoved: 0), result);
        Assert.Equal(2, await MessageCountAsync("short", "long"));
        Assert.Equal(2, await MessageCountAsync("short", "brief"));
        Assert.Equal(5, await MessageCountAsync("short", "held"));
    }

    [Fact]
    public async Task Service_IntervalPassesOnTheClock_DeletesThreadsOlderThanMaxAge()
    {
        // The service's first pass is due an hour after it started: both threads are written before it, 59 minutes apart.
        await CreateAsync("aged", "old", messages: 1);
        _clock.Advance(TimeSpan.FromMinutes(59));
        await CreateAsync("aged", "recent", messages: 1);

        _clock.Advance(TimeSpan.FromMinutes(1));

        // The pass runs on the service's own loop once the clock fires its timer: wait for its effect, with a deadline.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (await StatusAsync("aged", "old") != HttpStatusCode.NotFound && waited.Elapsed < TimeSpan.FromSeconds(15))
        {
            await Task.Delay(20, Ct);
        }

        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync("aged", "old"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync("aged", "recent"));
    }

    [Fact]
    public async Task RunOnce_IdempotencyRecordsPastTheWindow_DeletesThemAndKeepsRecentOnes()
    {
        await PostAsync("keys", "threads", """{"id":"t"}""", HttpStatusCode.Created);
        for (var i = 0; i < 3; i++)
        {
            await PostAsync("keys", "threads/t/messages", $$"""{"messages":[{"role":"user","content":"old {{i}}"}]}""", HttpStatusCode.Created, $"old-{i}");
        }

        _clock.Advance(TimeSpan.FromHours(25));
        await PostAsync("keys", "threads/t/messages", """{"messages":[{"role":"user","content":"new"}]}""", HttpStatusCode.Created, "new");
        var store = _cluster.Silos[0].Services.GetRequiredService<IThreadStore>();

        // The clock's jump also fires the service's own pass, which may get there first: the state is what counts.
        await Service.RunOnceAsync(Ct);

        foreach (var key in (string[])["old-0", "old-1", "old-2"])
        {
            Assert.Null(await store.GetIdempotencyAsync("keys", key, Ct));
        }

        Assert.NotNull(await store.GetIdempotencyAsync("keys", "new", Ct));
        Assert.Equal(0, (await Service.RunOnceAsync(Ct)).IdempotencyRecordsRemoved);
    }

    private async Task CreateAsync(string ns, string id, int messages)
    {
        var list = string.Join(',', Enumerable.Range(0, messages).Select(i => $$"""{"role":"user","content":"m{{i}}"}"""));
        await PostAsync(ns, "threads", $$"""{"id":"{{id}}","messages":[{{list}}]}""", HttpStatusCode.Created);
    }

    private async Task PostAsync(string ns, string path, string json, HttpStatusCode expected, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"v1/namespaces/{ns}/{path}") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        using var response = await _cluster.Http.SendAsync(request, Ct);
        Assert.Equal(expected, response.StatusCode);
    }

    private async Task<long> MessageCountAsync(string ns, string id)
    {
        using var response = await _cluster.Http.GetAsync($"v1/namespaces/{ns}/threads/{id}", Ct);
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return body.RootElement.GetProperty("messageCount").GetInt64();
    }

    private async Task<HttpStatusCode> StatusAsync(string ns, string id)
    {
        using var response = await _cluster.Http.GetAsync($"v1/namespaces/{ns}/threads/{id}", Ct);
        return response.StatusCode;
    }
}
