using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Threads.Grains.Storage;
using Threads.Grains.Threads.Internal;

namespace Threads.Grains.Threads;

/// <summary>
/// The threads of one resource. Listing reads the store's (namespace, resource, updatedAt) index; choosing or creating
/// the current thread runs in this grain's turn, so two concurrent callers on a silo never create two threads.
/// </summary>
public sealed class ResourceIndexGrain(IThreadStore store, IOptions<ThreadLimitsOptions> limits) : Grain, IResourceIndexGrain
{
    private (string Namespace, string Id)? _parsedKey;

    private (string Namespace, string Id) Key => _parsedKey ??= GrainKeys.Parse(this.GetPrimaryKeyString());

    private readonly RequestValidator _validate = new(limits.Value);

    private string? ResourceId => Key.Id == IResourceIndexGrain.AllResources ? null : Key.Id;

    /// <inheritdoc/>
    public async Task<ThreadPage> ListThreadsAsync(ThreadListQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        _validate.Limit(query.Limit, "limit");
        Identifiers.RequireIdIfPresent(query.UserId, "userId");
        _validate.Metadata(query.Metadata, "metadata");
        var filter = new ThreadFilter
        {
            ResourceId = ResourceId,
            UserId = ActingUser.Resolve(query.UserId, "userId"),
            IncludeHidden = query.IncludeHidden,
            Archived = query.Archived,
            UpdatedAfter = query.UpdatedAfter,
            UpdatedBefore = query.UpdatedBefore,
            Metadata = query.Metadata,
            After = query.Cursor is null ? null : Cursor.ReadThreads(query.Cursor),
            Limit = query.Limit + 1,
        };
        var threads = await store.ListThreadsAsync(Key.Namespace, filter, cancellationToken);
        if (threads.Count <= query.Limit)
        {
            return new ThreadPage(threads, null);
        }

        var page = threads.Take(query.Limit).ToArray();
        return new ThreadPage(page, Cursor.ForThreads(page[^1].UpdatedAt, page[^1].Id));
    }

    /// <inheritdoc/>
    public async Task<CurrentThreadResult> GetCurrentThreadAsync(CurrentThreadRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var resourceId = ResourceId ?? throw InvalidArgumentException.ForField("resourceId", "the current thread needs one resource");
        Identifiers.RequireIdIfPresent(request.UserId, "userId");
        var userId = ActingUser.Resolve(request.UserId, "userId");
        var visible = new ThreadFilter { ResourceId = resourceId, UserId = userId, Archived = false, Limit = 1 };
        var newest = await store.ListThreadsAsync(Key.Namespace, visible, cancellationToken);
        if (newest.Count > 0)
        {
            return new CurrentThreadResult(newest[0], Created: false);
        }

        // Two silos that find no current thread at once must not create two: both derive the new id from what they
        // saw (the resource's latest thread of any kind), so one create wins and the other finds the winner.
        var latest = await store.ListThreadsAsync(Key.Namespace, visible with { IncludeHidden = true, Archived = null }, cancellationToken);
        var seed = $"{Key.Namespace}|{resourceId}|{userId}|{(latest.Count > 0 ? $"{latest[0].Id}|{latest[0].UpdatedAt.UtcTicks}" : "none")}";
        var id = "thread_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed)))[..24];
        try
        {
            var created = await GrainFactory.GetThread(Key.Namespace, id).CreateAsync(
                new CreateThreadRequest { ResourceId = resourceId, UserId = userId, Title = request.Title, Metadata = request.Metadata },
                cancellationToken);
            return new CurrentThreadResult(created, Created: true);
        }
        catch (AlreadyExistsException)
        {
            var winner = await store.ListThreadsAsync(Key.Namespace, visible, cancellationToken);
            if (winner.Count == 0)
            {
                throw;
            }

            return new CurrentThreadResult(winner[0], Created: false);
        }
    }

    /// <inheritdoc/>
    public async Task<CleanupResult> CleanupAsync(CleanupRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        long deleted = 0, skipped = 0;
        var filter = new ThreadFilter { ResourceId = ResourceId, UserId = ActingUser.Resolve(null, "userId"), IncludeHidden = true, UpdatedBefore = request.UpdatedBefore, Limit = 200 };
        while (true)
        {
            var page = await store.ListThreadsAsync(Key.Namespace, filter, cancellationToken);
            foreach (var thread in page)
            {
                if (request.DryRun)
                {
                    deleted++;
                    continue;
                }

                try
                {
                    // Conditional: a thread written to after it was listed is kept.
                    await GrainFactory.GetThread(Key.Namespace, thread.Id).DeleteAsync(request.UpdatedBefore, cancellationToken);
                    deleted++;
                }
                catch (Exception ex) when (ex is PreconditionFailedException or LockedException or NotFoundException or ConflictException)
                {
                    skipped++;
                }
            }

            if (page.Count < filter.Limit)
            {
                return new CleanupResult(deleted, skipped, request.DryRun);
            }

            filter = filter with { After = (page[^1].UpdatedAt, page[^1].Id) };
        }
    }
}
