using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Threads.Client;
using Threads.Grains;
using Threads.TestingHost;

namespace Threads.Silo.Tests.Client;

/// <summary>
/// What the client sends again, against a real HTTP server on loopback that answers 503 on cue: an append (which
/// always carries an Idempotency-Key, the same on every attempt) after the Retry-After, a create without a key never,
/// and nothing when retries are off.
/// </summary>
public sealed class ThreadsClientRetryTests : IAsyncDisposable
{
    private const string AppendResult = """{"messages":[{"seq":1,"id":"msg_1","role":"user","content":[{"type":"text","text":"hi"}],"createdAt":"2026-01-01T00:00:00.000Z"}],"lastSeq":1}""";

    private readonly WebApplication _server;
    private readonly ConcurrentQueue<(string Path, string? Key)> _requests = new();
    private int _unavailableLeft;

    public ThreadsClientRetryTests()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{LoopbackPort.Free()}");
        _server = builder.Build();
        _server.Run(async context =>
        {
            _requests.Enqueue((context.Request.Path, context.Request.Headers["Idempotency-Key"].FirstOrDefault()));
            if (Interlocked.Decrement(ref _unavailableLeft) >= 0)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.Headers.RetryAfter = "1";
                context.Response.ContentType = "application/problem+json";
                await context.Response.WriteAsync("""{"status":503,"code":"unavailable","detail":"The storage cannot be reached now."}""");
                return;
            }

            context.Response.StatusCode = StatusCodes.Status201Created;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(AppendResult);
        });
        _server.StartAsync(TestContext.Current.CancellationToken).GetAwaiter().GetResult();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Append_Unavailable_RetriedAfterRetryAfterWithOneIdempotencyKey()
    {
        _unavailableLeft = 2;
        using var http = new HttpClient { BaseAddress = new Uri(_server.Urls.Single() + "/") };
        var started = Stopwatch.GetTimestamp();

        var result = await new ThreadsClient(http).GetThread("default", "t1").AppendAsync(Hello(), cancellationToken: Ct);

        Assert.Equal(1, result.LastSeq);
        Assert.True(Stopwatch.GetElapsedTime(started) >= TimeSpan.FromSeconds(1.9), "the client waits Retry-After (1 s) before each retry");
        var keys = _requests.Select(static r => r.Key).ToList();
        Assert.Equal(3, keys.Count);
        Assert.NotNull(keys[0]);
        Assert.All(keys, k => Assert.Equal(keys[0], k));
    }

    [Fact]
    public async Task Append_CallerKey_SentOnEveryAttempt()
    {
        _unavailableLeft = 1;
        using var http = new HttpClient { BaseAddress = new Uri(_server.Urls.Single() + "/") };

        await new ThreadsClient(http).GetThread("default", "t1").AppendAsync(Hello(), idempotencyKey: "mine", cancellationToken: Ct);

        Assert.Equal(["mine", "mine"], _requests.Select(static r => r.Key));
    }

    [Fact]
    public async Task Create_UnavailableWithoutKey_NotRetried()
    {
        _unavailableLeft = 10;
        using var http = new HttpClient { BaseAddress = new Uri(_server.Urls.Single() + "/") };

        var error = await Assert.ThrowsAsync<ThreadsException>(() => new ThreadsClient(http).GetThread("default", "t1").CreateAsync(new CreateThreadRequest(), Ct));

        Assert.Equal(ErrorCodes.Unavailable, error.Code);
        Assert.Single(_requests);
    }

    [Fact]
    public async Task Append_RetriesOff_SentOnce()
    {
        _unavailableLeft = 10;
        using var http = new HttpClient { BaseAddress = new Uri(_server.Urls.Single() + "/") };

        var error = await Assert.ThrowsAsync<ThreadsException>(() => new ThreadsClient(http, new ThreadsClientOptions { MaxRetries = 0 }).GetThread("default", "t1").AppendAsync(Hello(), cancellationToken: Ct));

        Assert.Equal(ErrorCodes.Unavailable, error.Code);
        Assert.Single(_requests);
    }

    [Fact]
    public async Task Get_NothingListening_RetriedThenUnavailable()
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{LoopbackPort.Free()}/") };
        var options = new ThreadsClientOptions { MaxRetries = 2, RetryDelay = TimeSpan.FromMilliseconds(10), MaxRetryDelay = TimeSpan.FromMilliseconds(20) };

        var error = await Assert.ThrowsAsync<ThreadsException>(() => new ThreadsClient(http, options).GetThread("default", "t1").GetAsync(cancellationToken: Ct));

        Assert.Equal(ErrorCodes.Unavailable, error.Code);
        Assert.IsType<HttpRequestException>(error.InnerException);
    }

    private static AppendMessagesRequest Hello() => new() { Messages = [NewMessage.FromText(MessageRole.User, "hi")] };
}
