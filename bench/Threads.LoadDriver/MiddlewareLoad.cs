using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.AI;
using Threads.Grains;

namespace Threads.LoadDriver;

/// <summary>
/// The chat middleware's own cost per turn (the window read and the turn's append) on a thread of 1,000 messages with
/// a 50-message window: the same turns through <c>UseThreads</c> and through the bare model, which answers at once.
/// </summary>
internal static class MiddlewareLoad
{
    private const int ThreadLength = 1_000;

    public static async Task RunAsync(IThreadsClient inProcess, IThreadsClient overHttp, TimeSpan duration)
    {
        Console.WriteLine($"| chat turn, {ThreadLength:N0}-message thread, 50-message window | p50 ms | p99 ms | turns/s |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        foreach (var (name, threads) in new[] { ("in process", inProcess), ("over HTTP", overHttp) })
        {
            foreach (var keepSystem in new[] { true, false })
            {
                var bare = await TurnsAsync(threads, duration, useThreads: false, keepSystem);
                var kept = await TurnsAsync(threads, duration, useThreads: true, keepSystem);
                var label = keepSystem ? "opening system message kept" : "KeepSystemMessages off";
                Row($"bare model, {name}", bare);
                Row($"UseThreads, {name}, {label}", kept);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| middleware's own cost p50, {name}, {label} | {kept.P50 - bare.P50:0.000} | | |"));
            }

            // The floor under a turn: one append of one message and one last-50 read, the same storage, the same run.
            Row($"baseline: one append alone, {name}", await Load.AppendAsync(threads, "middleware-append", clients: 1, duration));
            Row($"baseline: one last-50 read alone, {name}", await Load.ReadLast50Async(threads, "middleware-read", duration));
        }
    }

    private static async Task<Load.Result> TurnsAsync(IThreadsClient threads, TimeSpan duration, bool useThreads, bool keepSystem)
    {
        var threadId = Identifiers.NewThreadId();
        var thread = threads.GetThread("load-middleware", threadId);
        await thread.CreateAsync(new CreateThreadRequest { Messages = [NewMessage.FromText(MessageRole.System, "You are a helpful assistant.")] });
        for (var i = 0; i < ThreadLength / 100; i++)
        {
            await thread.AppendAsync(new AppendMessagesRequest
            {
                Messages = [.. Enumerable.Range(0, 100).Select(n => NewMessage.FromText(n % 2 == 0 ? MessageRole.User : MessageRole.Assistant, $"message {i * 100 + n}: an ordinary line of a conversation."))],
            });
        }

        using var model = new InstantModel();
        using var chat = useThreads
            ? model.AsBuilder().UseThreads(threads, o => { o.Namespace = "load-middleware"; o.HistoryLimit = 50; o.KeepSystemMessages = keepSystem; }).Build()
            : model;
        var options = new ChatOptions { ConversationId = threadId };
        ChatMessage[] question = [new(ChatRole.User, "What did we say about the invoice?")];
        await ForAsync(chat, question, options, Load.WarmUp, latencies: null);
        var latencies = new List<double>(100_000);
        var started = Stopwatch.GetTimestamp();
        await ForAsync(chat, question, options, duration, latencies);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var recorder = new LatencyRecorder();
        recorder.Add(latencies);
        return new Load.Result(recorder.Count / seconds, recorder.Percentile(0.50), recorder.Percentile(0.99));
    }

    private static async Task ForAsync(IChatClient chat, ChatMessage[] question, ChatOptions options, TimeSpan duration, List<double>? latencies)
    {
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < until)
        {
            var start = Stopwatch.GetTimestamp();
            await chat.GetResponseAsync(question, options);
            latencies?.Add(LatencyRecorder.Elapsed(start));
        }
    }

    private static void Row(string name, Load.Result result) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {result.P50:0.000} | {result.P99:0.000} | {result.PerSecond:0} |"));

    /// <summary>A model that answers at once with the same words, so that what is timed is the middleware.</summary>
    private sealed class InstantModel : IChatClient
    {
        private static readonly ChatMessage s_answer = new(ChatRole.Assistant, "The invoice was paid on Tuesday.");

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(s_answer));

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
