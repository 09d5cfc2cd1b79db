using Microsoft.Net.Http.Headers;
using Threads.Grains;
using Threads.Silo.Apis.Problems;

namespace Threads.Silo.Auth.Internal;

/// <summary>
/// Enforces the keys on every <c>/v1</c> and dashboard request: 401 without a known key, 403 for a namespace or role the key lacks,
/// and runs the rest of the request as the key's user, if it has one, so that every grain call sees only that user's
/// threads (<see cref="ThreadsRequestContext.ActAsUser"/> flows with the request's async calls).
/// </summary>
internal sealed class AccessMiddleware(RequestDelegate next, ApiKeyRing keys)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!keys.IsEnabled || !AccessPolicy.NeedsKey(context.Request.Path))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        if (ApiCaller.Of(context) is not { } caller)
        {
            context.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
            await ApiProblems.WriteAsync(context, ApiProblems.Create(
                StatusCodes.Status401Unauthorized,
                ErrorCodes.Unauthorized,
                "This call needs 'Authorization: Bearer <key>' with a key the silo knows.")).ConfigureAwait(false);
            return;
        }

        var ns = AccessPolicy.Namespace(context);
        if (ns is null ? !caller.MayUse("*") : !caller.MayUse(ns))
        {
            throw new ForbiddenException(ns is null ? "Only a key for every namespace ('*') may make calls outside a namespace." : $"This key may not use namespace '{ns}'.");
        }

        var required = AccessPolicy.RequiredRole(context.Request.Method, context.Request.Path);
        if (caller.Role < required)
        {
            throw new ForbiddenException($"{context.Request.Method} {context.Request.Path} needs a key with the {required} role; this key has {caller.Role}.");
        }

        using (ThreadsRequestContext.ActAsUser(caller.UserId))
        {
            await next(context).ConfigureAwait(false);
        }
    }
}
