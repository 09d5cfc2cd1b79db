using Microsoft.AspNetCore.Http.HttpResults;
using Threads.Grains;
using Threads.Grains.Storage;
using Threads.Silo.Apis.Internal;

namespace Threads.Silo.Apis;

/// <summary><c>/healthz</c> (the process is up) and <c>/readyz</c> (the silo is active in its cluster and the storage answers).</summary>
internal static class HealthApi
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", Healthz);
        app.MapGet("/readyz", ReadyzAsync).Produces(StatusCodes.Status503ServiceUnavailable, contentType: Problems.ContentType);
        return app;
    }

    public static Ok<HealthStatus> Healthz() => TypedResults.Ok(new HealthStatus("ok"));

    public static async Task<Ok<HealthStatus>> ReadyzAsync(
        IThreadStore store,
        IClusterMembershipService membership,
        ILocalSiloDetails silo,
        CancellationToken cancellationToken)
    {
        if (membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress) is var status && status != SiloStatus.Active)
        {
            throw new ThreadsException(ErrorCodes.Unavailable, $"The silo is not active in its cluster: it is {status}.");
        }

        bool reachable;
        try
        {
            reachable = await store.PingAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new ThreadsException(ErrorCodes.Unavailable, $"The storage cannot be reached: {exception.Message}", innerException: exception);
        }

        return reachable
            ? TypedResults.Ok(new HealthStatus("ready"))
            : throw new ThreadsException(ErrorCodes.Unavailable, "The storage cannot be reached.");
    }
}
