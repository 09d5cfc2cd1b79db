using Microsoft.Playwright;

namespace Threads.Testing.Browser;

/// <summary>
/// A page of <see cref="ChromiumSession"/> with what a test checks besides the page itself: every dialog a script
/// opened (an <c>alert</c> is how injected script is usually caught) and every error the page's console reported.
/// Disposing it closes its context.
/// </summary>
public sealed class BrowserPage : IAsyncDisposable
{
    private readonly List<string> _dialogs = [];
    private readonly List<string> _errors = [];

    private BrowserPage(IBrowserContext context, IPage page)
    {
        Context = context;
        Page = page;
        page.Dialog += (_, dialog) =>
        {
            lock (_dialogs)
            {
                _dialogs.Add(dialog.Message);
            }

            // Playwright raises the event synchronously and the dialog stays open until answered; the answer needs no
            // waiting for, since the page is only read after the test's next awaited step.
            _ = dialog.DismissAsync();
        };
        page.PageError += (_, error) =>
        {
            lock (_errors)
            {
                _errors.Add(error);
            }
        };
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    /// <summary>The messages of the dialogs scripts opened (each was dismissed).</summary>
    public IReadOnlyList<string> Dialogs
    {
        get
        {
            lock (_dialogs)
            {
                return [.. _dialogs];
            }
        }
    }

    /// <summary>The uncaught script errors of the page.</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_errors)
            {
                return [.. _errors];
            }
        }
    }

    internal static async Task<BrowserPage> OpenAsync(IBrowserContext context) => new(context, await context.NewPageAsync());

    public async ValueTask DisposeAsync() => await Context.DisposeAsync();
}
