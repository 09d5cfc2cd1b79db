using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Threads.Grains;
using Threads.Grains.Threads;
using Threads.Silo.Apis.Queries;
using Threads.Silo.Ui.Components;

namespace Threads.Silo.Ui.Internal;

/// <summary>
/// The pieces of a thread's page that its script fetches when the thread's event stream says something changed:
/// the messages after the last one shown, and the panels. Rendered by the same components as the page, so a live
/// update looks, and is escaped, exactly as a reload would be.
/// </summary>
internal static class BrowserFragments
{
    public static async Task<RazorComponentResult<MessageList>> MessagesAsync(
        string ns, string id, HttpRequest request, IGrainFactory grains, IOptions<ThreadLimitsOptions> limits, CancellationToken cancellationToken)
    {
        var after = QueryValues.Long(request.Query, "after") ?? 0;
        var page = await grains.GetThread(ns, id).GetMessagesAsync(new MessageQuery { Limit = limits.Value.MaxPageSize, After = after }, cancellationToken);
        return new RazorComponentResult<MessageList>(new { Messages = page.Messages });
    }

    public static async Task<RazorComponentResult<ThreadPanels>> PanelsAsync(string ns, string id, HttpContext context, IGrainFactory grains, CancellationToken cancellationToken) =>
        new(new { View = await ThreadPanelsView.LoadAsync(grains, ns, id, cancellationToken), MayWrite = BrowserCaller.MayWrite(context) });
}
