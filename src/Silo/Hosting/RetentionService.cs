using Microsoft.Extensions.Options;
using Threads.Grains;
using Threads.Grains.Idempotency;
using Threads.Grains.Threads;

namespace Threads.Silo.Hosting;

/// <summary>
/// Applies <see cref="RetentionOptions"/> every <see cref="RetentionOptions.Interval"/> (on the injected clock): in each
/// configured namespace, deletes the threads older than <c>MaxAge</c> and trims the others to their last <c>KeepLast</c>
/// messages. Every silo runs it; two silos' passes overlap harmlessly, since a delete or trim of a thread that another
/// pass already handled finds nothing left to do. Each pass also deletes the idempotency records older than the
/// idempotency window, in every namespace, whether or not a namespace has a policy. One log line per pass, with the counts.
/// </summary>
public sealed partial class RetentionService(
    IGrainFactory grains,
    IdempotencyRecords idempotency,
    IOptionsMonitor<RetentionOptions> options,
    IOptions<ThreadLimitsOptions> limits,
    TimeProvider time,
    ILogger<RetentionService> logger) : BackgroundService
{
    /// <summary>Applies the policy once, now.</summary>
    public async Task<RetentionPassResult> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var namespaces = options.CurrentValue.Namespaces;
        long deleted = 0, trimmed = 0, removed = 0, skipped = 0;
        foreach (var (ns, policy) in namespaces)
        {
            var index = grains.GetResourceIndex(ns, IResourceIndexGrain.AllResources);
            if (policy.MaxAge is { } maxAge)
            {
                var cleanup = await index.CleanupAsync(new CleanupRequest { UpdatedBefore = now - maxAge }, cancellationToken);
                deleted += cleanup.Deleted;
                skipped += cleanup.Skipped;
            }

            if (policy.KeepLast is not { } keepLast)
            {
                continue;
            }

            // The list is keyset-paged by update time: a thread this pass trims moves to the front and is not met again.
            var query = new ThreadListQuery { IncludeHidden = true, Limit = limits.Value.MaxPageSize };
            while (true)
            {
                var page = await index.ListThreadsAsync(query, cancellationToken);
                foreach (var thread in page.Threads.Where(t => t.MessageCount > keepLast))
                {
                    try
                    {
                        var trim = await grains.GetThread(ns, thread.Id).TrimAsync(new TrimRequest(keepLast), cancellationToken);
                        if (trim.Removed > 0)
                        {
                            trimmed++;
                            removed += trim.Removed;
                        }
                    }
                    catch (ThreadsException exception) when (exception is LockedException or NotFoundException or ConflictException)
                    {
                        skipped++;
                    }
                }

                if (page.NextCursor is null)
                {
                    break;
                }

                query = query with { Cursor = page.NextCursor };
            }
        }

        var expired = await idempotency.PurgeExpiredAsync(cancellationToken);
        var result = new RetentionPassResult(namespaces.Count, deleted, trimmed, removed, skipped, expired);
        LogPass(result.Namespaces, result.Deleted, result.Trimmed, result.MessagesRemoved, result.Skipped, result.IdempotencyRecordsRemoved);
        return result;
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.CurrentValue.Interval, time, stoppingToken);
                await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (ThreadsException exception)
            {
                // The storage was unreachable or a call timed out: the next pass tries again.
                LogFailed(exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention pass over {Namespaces} namespaces: {Deleted} threads deleted, {Trimmed} trimmed ({MessagesRemoved} messages removed), {Skipped} skipped; {IdempotencyRecords} expired idempotency records deleted.")]
    private partial void LogPass(int namespaces, long deleted, long trimmed, long messagesRemoved, long skipped, long idempotencyRecords);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention pass failed; it runs again at the next interval.")]
    private partial void LogFailed(Exception exception);
}
