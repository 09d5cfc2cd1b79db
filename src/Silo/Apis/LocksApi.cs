using Microsoft.AspNetCore.Http.HttpResults;
using Threads.Grains;
using Threads.Grains.Serialization;
using Threads.Silo.Apis.Bodies;
using Threads.Silo.Apis.Concurrency;
using Threads.Silo.Apis.OpenApi;

namespace Threads.Silo.Apis;

/// <summary>The Locks section of API.md: acquire or renew a thread's lock, see who holds it, release it with its token.</summary>
internal static class LocksApi
{
    public static RouteGroupBuilder MapLocks(this RouteGroupBuilder v1)
    {
        var locks = v1.MapGroup(string.Empty).WithTags(ApiTags.Locks);
        locks.MapPost("/threads/{id}/lock", AcquireAsync).WithJsonBody<AcquireLockRequest>()
            .WithName("acquireLock").WithSummary("Acquire or renew a thread's lock.").ProducesProblems(404, 423, 507);
        locks.MapGet("/threads/{id}/lock", GetAsync)
            .WithName("getLock").WithSummary("Read who holds a thread's lock and until when (404 while it is free).").ProducesProblems(404);
        locks.MapDelete("/threads/{id}/lock", ReleaseAsync)
            .WithName("releaseLock").WithSummary("Release a thread's lock with its token.")
            .WithParameters(ApiParameters.RequiredLockToken).ProducesProblems(404, 423, 507);
        return v1;
    }

    public static async Task<Ok<LockInfo>> AcquireAsync(string ns, string id, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var thread = grains.GetThread(ns, id);
        var acquire = await JsonBody.ReadAsync(request, ThreadsJsonContext.Default.AcquireLockRequest, cancellationToken);
        return TypedResults.Ok(await thread.AcquireLockAsync(acquire, cancellationToken));
    }

    public static async Task<Ok<LockStatus>> GetAsync(string ns, string id, IGrainFactory grains, CancellationToken cancellationToken) =>
        TypedResults.Ok(await grains.GetThread(ns, id).GetLockAsync(cancellationToken));

    public static async Task<NoContent> ReleaseAsync(string ns, string id, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var thread = grains.GetThread(ns, id);
        var token = LockTokens.Read(request) ?? throw InvalidArgumentException.ForField(LockTokens.HeaderName, "is required: the token of the lock to release");
        await thread.ReleaseLockAsync(token, cancellationToken);
        return TypedResults.NoContent();
    }
}
