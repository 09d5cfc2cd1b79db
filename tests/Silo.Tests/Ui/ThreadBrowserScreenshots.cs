using static Microsoft.Playwright.Assertions;
using static Threads.Silo.Tests.Auth.AuthClusterFixture;

namespace Threads.Silo.Tests.Ui;

/// <summary>
/// The screenshots in the README: a resource's threads and a thread with tool calls, taken in Chromium. They go to
/// <c>THREADS_UI_SCREENSHOTS</c> when it names a folder (<c>docs/images</c> to refresh the README's), else to a
/// temporary one.
/// </summary>
public sealed class ThreadBrowserScreenshots(BrowserClusterFixture fixture) : IClassFixture<BrowserClusterFixture>
{
    [Fact]
    public async Task Screenshots_ListAndThreadWithToolCalls_AreTaken()
    {
        var folder = Environment.GetEnvironmentVariable("THREADS_UI_SCREENSHOTS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Path.GetTempPath(), $"threads-screenshots-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var resource = $"travel-desk-{Guid.NewGuid():N}"[..20];
        foreach (var (title, user, text) in new[]
        {
            ("Refund for a cancelled flight", "maria", "My flight AF1234 was cancelled, can I get a refund?"),
            ("Hotel near the conference", "tom", "Find me a hotel within walking distance of the venue."),
            ("Visa requirements for Japan", "maria", "Do I need a visa for a two-week trip to Japan?"),
        })
        {
            await fixture.CreateThreadAsync(Writer, $$"""
                {"resourceId":"{{resource}}","userId":"{{user}}","title":"{{title}}","metadata":{"channel":"web"},
                 "messages":[{"role":"user","content":"{{text}}","userId":"{{user}}"},{"role":"assistant","content":"Let me look into that."}]}
                """);
        }

        var id = await fixture.CreateThreadAsync(Writer, """
            {"resourceId":"RESOURCE","userId":"guille","title":"Weekend in Paris","metadata":{"channel":"mobile","priority":"high"},
             "messages":[
               {"role":"system","content":"You are a travel assistant. Use the tools to check the weather and book tables."},
               {"role":"user","userId":"guille","content":"I'm in Paris this weekend.\nWhat will the weather be like, and can you book a table for two on Saturday?"},
               {"role":"assistant","content":[{"type":"text","text":"Let me check the forecast first."},{"type":"tool_call","callId":"call_7f1c","name":"get_forecast","arguments":{"city":"Paris","days":["2026-12-12","2026-12-13"],"unit":"celsius"}}]},
               {"role":"tool","content":[{"type":"tool_result","callId":"call_7f1c","result":{"2026-12-12":{"highC":9,"sky":"sunny"},"2026-12-13":{"highC":7,"sky":"rain"}}}]},
               {"role":"assistant","content":[{"type":"tool_call","callId":"call_8a2d","name":"book_table","arguments":{"restaurant":"Le Petit Zinc","date":"2026-12-12","time":"20:00","people":2}}]},
               {"role":"tool","content":[{"type":"tool_result","callId":"call_8a2d","result":{"error":"fully booked"},"isError":true}]},
               {"role":"assistant","content":[{"type":"text","text":"Saturday looks sunny (9 °C), Sunday rainy.\nLe Petit Zinc is fully booked at 20:00; shall I try 21:30?"},{"type":"error","message":"book_table: fully booked"}]}]}
            """.Replace("RESOURCE", resource, StringComparison.Ordinal));
        (await fixture.SendAsync(Writer, HttpMethod.Put, $"threads/{id}/state", """{"state":{"city":"Paris","partySize":2,"preferences":{"cuisine":"french"}}}""")).Dispose();
        (await fixture.SendAsync(Writer, HttpMethod.Post, $"threads/{id}/runs", """{"runId":"run-weekend-1","metadata":{"agent":"planner"}}""")).Dispose();
        (await fixture.SendAsync(Writer, HttpMethod.Post, $"threads/{id}/runs/run-weekend-1/checkpoints", """{"label":"forecast checked"}""")).Dispose();
        (await fixture.SendAsync(Writer, HttpMethod.Post, $"threads/{id}/lock", """{"holder":"agent-7","ttlSeconds":300}""")).Dispose();

        await using var browser = await fixture.SignInAsync(Writer, $"/ui/{Tenant}?resourceId={resource}");
        var page = browser.Page;
        await Expect(page.Locator("#threads tbody tr")).ToHaveCountAsync(4);
        var list = Path.Combine(folder, "ui-threads.png");
        await page.ScreenshotAsync(new() { Path = list, FullPage = true });

        await page.GotoAsync($"/ui/{Tenant}/threads/{id}");
        await Expect(page.Locator("[data-live='open']")).ToHaveCountAsync(1);
        await Expect(page.Locator("#thread-lock")).ToContainTextAsync("held by agent-7");
        await Expect(page.Locator("#thread-runs")).ToContainTextAsync("forecast checked");
        foreach (var details in await page.Locator("details.part, details.run").AllAsync())
        {
            await details.Locator("summary").ClickAsync();
        }

        var thread = Path.Combine(folder, "ui-thread.png");
        await page.ScreenshotAsync(new() { Path = thread, FullPage = true });

        Assert.True(new FileInfo(list).Length > 10_000);
        Assert.True(new FileInfo(thread).Length > 10_000);
    }
}
