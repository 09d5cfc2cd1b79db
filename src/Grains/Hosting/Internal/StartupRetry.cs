using Microsoft.Extensions.Logging;

namespace Threads.Grains.Hosting.Internal;

/// <summary>
/// Waits at start for a database that is not there yet (still starting, restarting, not yet reachable): retries the
/// step with a growing delay (0.25 s doubling up to 10 s, with jitter so that silos started together spread out),
/// logging one line per failed attempt that names the database and the reason, without a stack trace. A failure
/// that is not transient ends the wait at once; so does the time limit, with a <see cref="StorageStartupTimeoutException"/>.
/// </summary>
internal static partial class StartupRetry
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(10);

    /// <summary>Runs <paramref name="attempt"/> until it succeeds, a failure is not <paramref name="isTransient"/>, or <paramref name="timeout"/> (null: never) has passed.</summary>
    public static async Task RunAsync(
        string target,
        Func<CancellationToken, Task> attempt,
        Func<Exception, bool> isTransient,
        TimeSpan? timeout,
        TimeProvider time,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var delay = FirstDelay;
        for (var number = 1; ; number++)
        {
            try
            {
                await attempt(cancellationToken).ConfigureAwait(false);
                if (number > 1)
                {
                    LogReached(logger, target, number, time.GetElapsedTime(started).TotalSeconds);
                }

                return;
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested && isTransient(exception))
            {
                var reason = Reason(exception);
                var waited = time.GetElapsedTime(started);
                if (timeout is { } limit && waited + delay > limit)
                {
                    throw new StorageStartupTimeoutException($"{target} did not answer within {limit} (Threads:Storage:StartupTimeout): {reason}", exception);
                }

                LogWaiting(logger, target, number, reason, delay.TotalSeconds);
            }

            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            var next = delay.Ticks * 2 * (0.8 + (Random.Shared.NextDouble() * 0.4));
            delay = TimeSpan.FromTicks((long)Math.Min(next, MaxDelay.Ticks));
        }
    }

    /// <summary>The exception's message and its causes', on one line (a driver's "Failed to connect to host:port" and the socket's "Connection refused").</summary>
    private static string Reason(Exception exception)
    {
        var parts = new List<string>();
        for (var current = exception; current is not null; current = current.InnerException)
        {
            var message = current.Message.ReplaceLineEndings(" ");
            if (!parts.Any(p => p.Contains(message, StringComparison.Ordinal)))
            {
                parts.Add(message);
            }
        }

        return string.Join(": ", parts);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Waiting for {Target}: attempt {Attempt} failed ({Reason}); next in {DelaySeconds:0.##} s.")]
    private static partial void LogWaiting(ILogger logger, string target, int attempt, string reason, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Target} answered at attempt {Attempt}, after {Seconds:0.#} s.")]
    private static partial void LogReached(ILogger logger, string target, int attempt, double seconds);
}
