using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Threads.Grains;
using Threads.Grains.Storage;
using Threads.Silo.Tests.Fakes;
using Threads.TestingHost;

namespace Threads.Silo.Tests.Export;

/// <summary>The export of a large thread streams page by page; the import body is bounded.</summary>
public sealed class ExportStreamingTests : IAsyncLifetime
{
    private const int MessageCount = 100_000;
    private readonly FakeThreadStore _store = new();
    private ThreadsTestCluster _cluster = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _cluster = new ThreadsTestCluster(o =>
        {
            o.SiloCount = 1;
            o.ConfigureStorage = s => s.AddSingleton<IThreadStore>(_store);
            o.Configuration["Threads:Http:MaxImportBytes"] = "65536";
        });
        await _cluster.DeployAsync(Ct);
    }

    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Export_LargeThread_FirstPageArrivesWhileTheRestIsNotYetRead()
    {
        var now = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
        var header = new ThreadInfo { Id = "big", Namespace = "stream", CreatedAt = now, UpdatedAt = now, Version = 1, LastSeq = MessageCount, MessageCount = MessageCount };
        var messages = Enumerable.Range(1, MessageCount)
            .Select(i => new ThreadMessage { Seq = i, Id = $"msg_{i:x24}", Role = MessageRole.User, Content = [new TextPart($"message number {i}")], CreatedAt = now })
            .ToList();
        Assert.True(await _store.CreateThreadAsync(new StoredThread(header, ETag: 1), messages, Ct));

        // The second page may not be read until the test has the first one: only a streaming export can pass this.
        var secondPage = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _store.BeforeReadMessages = range => range.After >= 200 && !range.Descending ? secondPage.Task : Task.CompletedTask;
        var stopwatch = Stopwatch.StartNew();
        using var response = await _cluster.Http.GetAsync("v1/namespaces/stream/threads/big/export", HttpCompletionOption.ResponseHeadersRead, Ct);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Ct));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        for (var i = 0; i <= 200; i++)
        {
            Assert.NotNull(await reader.ReadLineAsync(timeout.Token));
        }

        var firstPage = stopwatch.Elapsed;
        var heapAtFirstPage = GC.GetTotalMemory(forceFullCollection: false);
        secondPage.SetResult();
        long lines = 201, bytes = 0, peakHeap = heapAtFirstPage;
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            lines++;
            bytes += line.Length + 1;
            if (lines % 10_000 == 0)
            {
                peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(forceFullCollection: false));
            }
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1 + MessageCount + 1, lines);
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"export of {MessageCount} messages: first page after {firstPage.TotalMilliseconds:F0} ms, all {bytes / 1024 / 1024} MiB after {stopwatch.Elapsed.TotalMilliseconds:F0} ms; managed heap {heapAtFirstPage / 1024 / 1024} MiB at the first page, at most {peakHeap / 1024 / 1024} MiB while streaming"));
    }

    [Fact]
    public async Task Import_OverTheLimit_Returns413()
    {
        using var content = new ByteArrayContent(new byte[70_000]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");

        using var response = await _cluster.Http.PostAsync("v1/namespaces/stream/threads/import", content, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("Threads:Http:MaxImportBytes", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }
}
