using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Threads.Grains;
using Threads.Silo.Auth;
using Threads.Silo.Auth.Internal;
using Threads.Silo.Ui.Components;

namespace Threads.Silo.Ui.Internal;

/// <summary>
/// The API's access rules applied to the thread browser: with keys configured, a page needs the key of the browser
/// session (<see cref="BrowserSession"/>, found by <see cref="ApiCallerMiddleware"/>) and is sent to the sign-in page
/// without one; the key must name the page's namespace; reading needs the read role and every action (a POST) the
/// write role; and the rest of the request runs as the key's user, so the grains show only that user's threads.
/// A POST must come from the browser's own pages (the cookie is SameSite=Strict as well). Every page forbids inline
/// script and foreign sources (Content-Security-Policy), so that content rendered by mistake could still not run.
/// </summary>
internal sealed class BrowserAccessMiddleware(RequestDelegate next, ApiKeyRing keys)
{
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!BrowserPaths.IsBrowser(request.Path))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        // The browser answers its refusals with pages, never with the API's problem+json status code pages.
        if (context.Features.Get<IStatusCodePagesFeature>() is { } statusCodePages)
        {
            statusCodePages.Enabled = false;
        }

        context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers["Referrer-Policy"] = "same-origin";
        var reads = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);
        if (!reads && !IsSameOrigin(request))
        {
            await RefuseAsync(context, StatusCodes.Status403Forbidden, "This action must be sent from the thread browser's own pages.").ConfigureAwait(false);
            return;
        }

        if (!keys.IsEnabled || BrowserPaths.IsOpen(request.Path))
        {
            await NextAsync(context).ConfigureAwait(false);
            return;
        }

        if (ApiCaller.Of(context) is not { } caller)
        {
            if (reads)
            {
                context.Response.Redirect($"{BrowserPaths.SignIn}?returnUrl={Uri.EscapeDataString(request.Path + request.QueryString)}");
                return;
            }

            await RefuseAsync(context, StatusCodes.Status401Unauthorized, "Sign in with a key first.").ConfigureAwait(false);
            return;
        }

        var ns = AccessPolicy.Namespace(context);
        if (ns is not null && !caller.MayUse(ns))
        {
            await RefuseAsync(context, StatusCodes.Status403Forbidden, $"This key may not use namespace '{ns}'.").ConfigureAwait(false);
            return;
        }

        var required = reads ? ApiKeyRole.Read : ApiKeyRole.Write;
        if (caller.Role < required)
        {
            await RefuseAsync(context, StatusCodes.Status403Forbidden, $"This needs a key with the {required} role; this key has {caller.Role}.").ConfigureAwait(false);
            return;
        }

        using (ThreadsRequestContext.ActAsUser(caller.UserId))
        {
            await NextAsync(context).ConfigureAwait(false);
        }
    }

    /// <summary>The page, or, for an address no route of the browser matches, a page that says there is none.</summary>
    private async Task NextAsync(HttpContext context)
    {
        await next(context).ConfigureAwait(false);
        if (context.Response is { StatusCode: StatusCodes.Status404NotFound, HasStarted: false, ContentLength: null or 0 } && context.GetEndpoint() is null)
        {
            await RefuseAsync(context, StatusCodes.Status404NotFound, "The thread browser has no page at this address.").ConfigureAwait(false);
        }
    }

    /// <summary>True when the browser says the request comes from this origin: <c>Origin</c>, else <c>Sec-Fetch-Site</c>.</summary>
    private static bool IsSameOrigin(HttpRequest request)
    {
        var origin = request.Headers[HeaderNames.Origin];
        if (origin.Count > 0)
        {
            return origin.Count == 1 && string.Equals(origin[0], $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase);
        }

        var site = request.Headers["Sec-Fetch-Site"];
        return site.Count == 0 || (site.Count == 1 && site[0] == "same-origin");
    }

    private static Task RefuseAsync(HttpContext context, int status, string message) =>
        new RazorComponentResult<ErrorDocument>(new { Status = status, Message = message }) { StatusCode = status }.ExecuteAsync(context);
}
