using Microsoft.Playwright;

namespace Threads.Testing.Browser;

/// <summary>
/// One headless Chromium for a test class's browser tests: Debian's <c>chromium</c> package
/// (<see cref="ExecutablePath"/>, which <c>.ci/run</c> installs), driven by Playwright; Playwright's own browser
/// download is never used. Without that browser the tests skip, saying why (<see cref="SkipIfUnavailable"/>).
/// Each test opens its own <see cref="BrowserPage"/> (a fresh context: no cookies or storage shared between tests).
/// </summary>
public sealed class ChromiumSession : IAsyncLifetime
{
    /// <summary>Where Debian's <c>chromium</c> package installs the browser.</summary>
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>
    /// How long a step waits for the page (a navigation, an element, an expected text) before it fails: generous,
    /// because the tests share the machine's cores with a whole test run; a step that is met goes on at once.
    /// </summary>
    public static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(60);

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>Why the browser tests cannot run here, or null when they can.</summary>
    public string? UnavailableReason { get; private set; }

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            UnavailableReason = $"Chromium is not installed at {ExecutablePath} (apt-get install -y chromium; .ci/run does).";
            return;
        }

        Assertions.SetDefaultExpectTimeout((float)StepTimeout.TotalMilliseconds);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,

            // The tests run as root in CI, where Chromium's sandbox cannot start.
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
    }

    /// <summary>Skips the calling test, with the reason, when there is no browser to run it in.</summary>
    public void SkipIfUnavailable() => Assert.SkipWhen(UnavailableReason is not null, UnavailableReason ?? string.Empty);

    /// <summary>
    /// A new page in a new context whose relative addresses resolve against <paramref name="baseAddress"/>; with
    /// <paramref name="apiKey"/>, every request it makes carries <c>Authorization: Bearer</c> with it.
    /// </summary>
    public async Task<BrowserPage> OpenAsync(Uri baseAddress, string? apiKey = null)
    {
        SkipIfUnavailable();
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1360, Height = 900 },
            AcceptDownloads = true,
            ExtraHTTPHeaders = apiKey is null ? null : new Dictionary<string, string> { ["Authorization"] = $"Bearer {apiKey}" },
        });
        context.SetDefaultTimeout((float)StepTimeout.TotalMilliseconds);
        return await BrowserPage.OpenAsync(context);
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
