using Threads.Agents;
using Threads.Grains;

namespace Microsoft.Extensions.AI;

/// <summary>Adds <see cref="ThreadsChatClient"/> to a chat client pipeline.</summary>
public static class ThreadsChatClientBuilderExtensions
{
    /// <summary>
    /// Keeps the conversation in Threads: put it before <c>UseFunctionInvocation</c> so that tool calls and their results
    /// are kept with the answer.
    /// </summary>
    public static ChatClientBuilder UseThreads(this ChatClientBuilder builder, IThreadsClient threads, Action<ThreadsChatClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(threads);
        var options = new ThreadsChatClientOptions();
        configure?.Invoke(options);
        return builder.Use(inner => new ThreadsChatClient(inner, threads, options));
    }
}
