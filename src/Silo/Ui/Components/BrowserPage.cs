using Microsoft.AspNetCore.Components;
using Threads.Grains;
using Threads.Silo.Apis.Problems;

namespace Threads.Silo.Ui.Components;

/// <summary>
/// A page of the browser: it loads what it shows through the grains in <see cref="ComponentBase.OnInitializedAsync"/>,
/// and a refusal (no such thread, a namespace or user the key may not see, a bad parameter, a silo that cannot answer
/// now) becomes a page that says so, with the API's status, instead of an exception.
/// </summary>
public abstract class BrowserPage : ComponentBase
{
    [CascadingParameter]
    public HttpContext? HttpContext { get; set; }

    [Inject]
    public IGrainFactory Grains { get; set; } = default!;

    /// <summary>The refusal to show instead of the page, once loading failed.</summary>
    protected (int Status, string Message)? Refusal { get; private set; }

    protected CancellationToken Aborted => HttpContext?.RequestAborted ?? CancellationToken.None;

    /// <summary>The request's query string, read strictly as the API reads its own.</summary>
    protected IQueryCollection Query => HttpContext?.Request.Query ?? QueryCollection.Empty;

    protected override async Task OnInitializedAsync()
    {
        try
        {
            await LoadAsync(Aborted);
        }
        catch (Exception exception) when (ThreadsExceptionHandler.ProblemOf(exception) is { Status: int status and (< 500 or 503) } problem)
        {
            Refuse(status, problem.Detail ?? exception.Message);
        }
    }

    protected abstract Task LoadAsync(CancellationToken cancellationToken);

    [Inject]
    public NavigationManager Navigation { get; set; } = default!;

    protected void Refuse(int status, string message)
    {
        Refusal = (status, message);
        if (HttpContext is not { Response.HasStarted: false } context)
        {
            return;
        }

        if (status == StatusCodes.Status404NotFound)
        {
            // The renderer writes no page of its own that answers 404: its router's not-found page says why instead.
            context.Items[Pages.NotFoundPage.MessageKey] = message;
            Navigation.NotFound();
            return;
        }

        context.Response.StatusCode = status;
    }

    protected static void ThrowIfInvalidNamespace(string ns)
    {
        if (!Identifiers.IsValidNamespace(ns))
        {
            throw new NotFoundException($"There is no namespace '{ns}': a namespace matches {Identifiers.NamespacePattern}.");
        }
    }
}
