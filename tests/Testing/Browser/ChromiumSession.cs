using Microsoft.Playwright;

namespace Threads.Testing.Browser;

/// <summary>
/// Debian's Chromium (<c>/usr/bin/chromium</c>, which <c>.ci/run</c> installs) driven by Playwright, headless: one
/// browser per session, and a fresh context (cookies, storage, headers) per test. Playwright's own browser download is
/// never used, so a test calls <see cref="SkipUnlessInstalled"/> first and skips, saying why, where there is no Chromium.
/// </summary>
public sealed class ChromiumSession : IAsyncDisposable
{
    /// <summary>Where Debian's <c>chromium</c> package puts the browser.</summary>
    public const string ExecutablePath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;

    private ChromiumSession(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    /// <summary>The running browser.</summary>
    public IBrowser Browser { get; }

    /// <summary>True when the browser is installed.</summary>
    public static bool IsInstalled => File.Exists(ExecutablePath);

    /// <summary>Skips the calling test when Chromium is not installed.</summary>
    public static void SkipUnlessInstalled() =>
        Assert.SkipUnless(IsInstalled, $"Chromium is not installed at {ExecutablePath}: install Debian's chromium package (.ci/run does).");

    /// <summary>Starts Playwright and the browser.</summary>
    public static async Task<ChromiumSession> StartAsync()
    {
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ExecutablePath, Headless = true });
            return new ChromiumSession(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>A new context whose relative URLs resolve against <paramref name="baseAddress"/>; with <paramref name="apiKey"/>, every request it makes carries <c>Authorization: Bearer</c> with it.</summary>
    public Task<IBrowserContext> NewContextAsync(Uri baseAddress, string? apiKey = null) =>
        Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ExtraHTTPHeaders = apiKey is null ? null : new Dictionary<string, string> { ["Authorization"] = $"Bearer {apiKey}" },
        });

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
