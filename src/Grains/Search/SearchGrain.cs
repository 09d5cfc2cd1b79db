using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Threads.Grains.Search.Internal;
using Threads.Grains.Storage;
using Threads.Grains.Storage.Internal;
using Threads.Grains.Threads;
using Threads.Grains.Threads.Internal;

namespace Threads.Grains.Search;

/// <summary>
/// Search over a namespace's messages: the store's full-text index answers, inside one query that also applies the
/// filters and the caller's user scope. Stateless, so every silo answers its callers itself.
/// </summary>
[StatelessWorker]
public sealed class SearchGrain(IThreadStore store, IOptions<ThreadLimitsOptions> limits) : Grain, ISearchGrain
{
    private readonly RequestValidator _validate = new(limits.Value);

    /// <inheritdoc/>
    public async Task<SearchPage> SearchAsync(SearchQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var terms = SearchExpression.Parse(query.Q);
        _validate.Limit(query.Limit, "limit");
        Identifiers.RequireIdIfPresent(query.ResourceId, "resourceId");
        Identifiers.RequireIdIfPresent(query.ThreadId, "threadId");
        if (query.Role is { IsKnown: false })
        {
            throw InvalidArgumentException.ForField("role", "must be one of system, user, assistant, tool");
        }

        var userId = ActingUser.Resolve(null, "userId");
        var fingerprint = Fingerprint(query, userId);
        var filter = new SearchFilter
        {
            Terms = terms,
            ResourceId = query.ResourceId,
            ThreadId = query.ThreadId,
            Role = query.Role?.Value,
            UserId = userId,
            IncludeHidden = query.IncludeHidden,
            After = query.Cursor is null ? null : Cursor.ReadSearch(query.Cursor, fingerprint),
            Limit = query.Limit + 1,
        };
        var found = await store.SearchAsync(this.GetPrimaryKeyString(), filter, cancellationToken);
        var hits = found.Take(query.Limit)
            .Select(h => new SearchHit(h.ThreadId, h.Seq, h.Id, new MessageRole(h.Role), h.CreatedAt, SearchText.Snippet(SearchText.OfBody(h.Body), terms), h.Score))
            .ToArray();
        var next = found.Count > query.Limit ? Cursor.ForSearch(hits[^1].Score, hits[^1].ThreadId, hits[^1].Seq, fingerprint) : null;
        return new SearchPage(hits, next);
    }

    /// <summary>What a cursor must have been issued for: the query, its filters and the user it was scoped to.</summary>
    private static string Fingerprint(SearchQuery query, string? userId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            string.Join('\0', query.Q, query.ResourceId, query.ThreadId, query.Role?.Value, query.IncludeHidden ? "1" : "0", userId))))[..16];
}
