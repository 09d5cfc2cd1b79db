using Microsoft.AspNetCore.Http.HttpResults;
using Threads.Grains;
using Threads.Grains.Http;
using Threads.Silo.Auth.Internal;
using Threads.Silo.Ui.Components;

namespace Threads.Silo.Ui.Internal;

/// <summary>
/// What the browser's forms post: signing in and out, and the thread actions. Each action is one grain call, as the
/// API's route for it makes, then a redirect to the page that shows the result (POST, redirect, GET); a refusal
/// (the thread is locked, gone, or the title too long) is a page that says why.
/// </summary>
internal static class BrowserActions
{
    public static async Task<IResult> SignInAsync(HttpRequest request, ApiKeyRing keys, CancellationToken cancellationToken)
    {
        var form = await request.ReadFormAsync(cancellationToken);
        var returnUrl = BrowserPaths.LocalOrHome(form["returnUrl"].ToString());
        var key = form["key"].ToString().Trim();
        if (!keys.IsEnabled)
        {
            return TypedResults.Redirect(returnUrl);
        }

        if (key.Length == 0 || keys.Find(key) is null)
        {
            return TypedResults.Redirect($"{BrowserPaths.SignIn}?failed=true&returnUrl={Uri.EscapeDataString(returnUrl)}");
        }

        BrowserSession.Start(request.HttpContext.Response, key);
        return TypedResults.Redirect(returnUrl);
    }

    public static IResult SignOut(HttpResponse response)
    {
        BrowserSession.End(response);
        return TypedResults.Redirect(BrowserPaths.SignIn);
    }

    public static async Task<IResult> RenameAsync(string ns, string id, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var form = await request.ReadFormAsync(cancellationToken);
        var title = form["title"].ToString().Trim();
        return await RunAsync(
            async () => await grains.GetThread(ns, id).UpdateAsync(new UpdateThreadRequest { Title = title }, cancellationToken: cancellationToken),
            _ => BrowserPaths.Thread(ns, id));
    }

    public static async Task<IResult> ArchiveAsync(string ns, string id, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var form = await request.ReadFormAsync(cancellationToken);
        var archived = form["archived"].ToString() != "false";
        return await RunAsync(
            async () => await grains.GetThread(ns, id).UpdateAsync(new UpdateThreadRequest { Archived = archived }, cancellationToken: cancellationToken),
            _ => BrowserPaths.Thread(ns, id));
    }

    public static async Task<IResult> CloneAsync(string ns, string id, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var form = await request.ReadFormAsync(cancellationToken);
        var title = form["title"].ToString().Trim();
        return await RunAsync(
            async () => await grains.GetThread(ns, id).CloneAsync(new CloneThreadRequest { Title = title.Length > 0 ? title : null }, cancellationToken),
            clone => BrowserPaths.Thread(ns, clone.Id));
    }

    /// <summary>Deletes only with the confirmation field of the delete page's form, so that no other form deletes by mistake.</summary>
    public static async Task<IResult> DeleteAsync(string ns, string id, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var form = await request.ReadFormAsync(cancellationToken);
        if (form["confirm"].ToString() != id)
        {
            return TypedResults.Redirect(BrowserPaths.Action(ns, id, "confirm-delete"));
        }

        return await RunAsync(
            async () =>
            {
                await grains.GetThread(ns, id).DeleteAsync(cancellationToken: cancellationToken);
                return id;
            },
            _ => $"{BrowserPaths.Namespace(ns)}?deleted={Uri.EscapeDataString(id)}");
    }

    private static async Task<IResult> RunAsync<T>(Func<Task<T>> action, Func<T, string> then)
    {
        try
        {
            return TypedResults.Redirect(then(await action()));
        }
        catch (ThreadsException exception)
        {
            var status = ProblemStatus.Of(exception.Code);
            return new RazorComponentResult<ErrorDocument>(new { Status = status, Message = exception.Message }) { StatusCode = status };
        }
    }
}
