using Threads.Silo.Apis;
using Threads.Silo.Ui.Components;
using Threads.Silo.Ui.Internal;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the thread browser, the silo's web pages at <c>/ui/</c>.</summary>
internal static class ThreadBrowserWebApplicationExtensions
{
    /// <summary>
    /// Maps the pages (Razor components rendered on the server, no client framework), the fragments and the event
    /// stream its script reads for live updates, the downloads and the actions. They read and write through the same
    /// grains as the API, with the same keys (<see cref="BrowserAccessMiddleware"/>); the event stream, the export and
    /// the file downloads are the API's own handlers.
    /// </summary>
    public static WebApplication MapThreadBrowser(this WebApplication app)
    {
        app.UseMiddleware<BrowserAccessMiddleware>();
        app.UseAntiforgery();
        app.MapRazorComponents<BrowserApp>();

        var ui = app.MapGroup(BrowserPaths.Root).ExcludeFromDescription();
        ui.MapGet("/_assets/{name}", BrowserAssets.Get);
        ui.MapPost("/_session", BrowserActions.SignInAsync);
        ui.MapPost("/_session/end", BrowserActions.SignOut);

        var thread = ui.MapGroup("/{ns}/threads/{id}");
        thread.MapGet("/events", EventsApi.ThreadAsync);
        thread.MapGet("/export", ExportApi.ExportAsync);
        thread.MapGet("/files/{filename}", FilesApi.GetAsync);
        thread.MapGet("/_live/messages", BrowserFragments.MessagesAsync);
        thread.MapGet("/_live/panels", BrowserFragments.PanelsAsync);
        thread.MapPost("/rename", BrowserActions.RenameAsync);
        thread.MapPost("/archive", BrowserActions.ArchiveAsync);
        thread.MapPost("/clone", BrowserActions.CloneAsync);
        thread.MapPost("/delete", BrowserActions.DeleteAsync);
        return app;
    }
}
