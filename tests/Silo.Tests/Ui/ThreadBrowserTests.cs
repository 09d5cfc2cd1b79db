using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Threads.Silo.Tests.Auth.AuthClusterFixture;

namespace Threads.Silo.Tests.Ui;

/// <summary>The thread browser in a real Chromium, against a real silo over SQLite, with keys configured.</summary>
public sealed partial class ThreadBrowserTests(BrowserClusterFixture fixture) : IClassFixture<BrowserClusterFixture>
{
    private const string ToolCallMessages = """
        [{"role":"system","content":"You plan trips."},
         {"role":"user","content":"What is the weather in Paris?\nAnd in Lyon?","userId":"guille"},
         {"role":"assistant","content":[{"type":"text","text":"Let me check."},{"type":"tool_call","callId":"call-1","name":"weather","arguments":{"city":"Paris","unit":"C"}}]},
         {"role":"tool","content":[{"type":"tool_result","callId":"call-1","result":{"tempC":21,"sky":"clear"}}]},
         {"role":"assistant","content":[{"type":"tool_call","callId":"call-2","name":"weather","arguments":{"city":"Lyon"}}]},
         {"role":"tool","content":[{"type":"tool_result","callId":"call-2","result":{"message":"station offline"},"isError":true}]},
         {"role":"assistant","content":[{"type":"text","text":"Paris is 21 °C and clear."},{"type":"error","message":"Lyon: weather station offline"}]}]
        """;

    [Fact]
    public async Task Browser_ListOpenLiveAppendCloneDelete_Works()
    {
        var resource = $"trip-{Guid.NewGuid():N}";
        var id = await fixture.CreateThreadAsync(Writer, $$"""{"resourceId":"{{resource}}","title":"Trip planning","metadata":{"channel":"web"},"messages":{{ToolCallMessages}}}""");
        await using var browser = await fixture.SignInAsync(Writer);
        var page = browser.Page;

        await page.Locator($"a[href='/ui/{Tenant}']").ClickAsync();
        await page.Locator("#filter-resource").FillAsync(resource);
        await page.Locator("#filter").ClickAsync();
        var row = page.Locator($"tr[data-thread-id='{id}']");
        await Expect(row).ToContainTextAsync("Trip planning");
        await Expect(row).ToContainTextAsync("7");

        await row.Locator("a.thread-link").ClickAsync();
        await Expect(page.Locator("#thread-title")).ToHaveTextAsync("Trip planning");
        await Expect(page.Locator("article.message")).ToHaveCountAsync(7);
        await Expect(page.Locator("#m-2 .part.text")).ToHaveTextAsync("What is the weather in Paris?\nAnd in Lyon?");
        await Expect(page.Locator("#call-call-1 summary")).ToContainTextAsync("weather");
        await Expect(page.Locator("#result-call-1 summary")).ToContainTextAsync("of weather");
        await Expect(page.Locator("#result-call-2")).ToHaveClassAsync(new Regex("is-error"));
        await Expect(page.Locator("#m-7 .error-part")).ToContainTextAsync("Lyon: weather station offline");
        await Expect(page.Locator("#thread-header")).ToContainTextAsync("channel");

        // Live: an append and a state change made through the API show up on the open page, without a reload.
        await Expect(page.Locator("[data-live='open']")).ToHaveCountAsync(1);
        await page.EvaluateAsync("() => { window.notReloaded = true; }");
        await fixture.AppendAsync(Writer, id, """[{"role":"user","content":"And tomorrow?"}]""");
        await Expect(page.Locator("#m-8 .part.text")).ToHaveTextAsync("And tomorrow?");
        await Expect(page.Locator("#message-count")).ToContainTextAsync("8");
        (await fixture.SendAsync(Writer, HttpMethod.Put, $"threads/{id}/state", """{"state":{"city":"Paris"}}""")).Dispose();
        await Expect(page.Locator("#state-version")).ToHaveTextAsync("2");
        await Expect(page.Locator("#thread-state pre")).ToContainTextAsync("\"city\": \"Paris\"");
        Assert.True(await page.EvaluateAsync<bool>("() => window.notReloaded === true"));

        await page.Locator("#clone-title").FillAsync("Trip planning, what if");
        await page.Locator("#clone").ClickAsync();
        await Expect(page.Locator("#thread-title")).ToHaveTextAsync("Trip planning, what if");
        await Expect(page.Locator("#thread-header")).ToContainTextAsync($"cloned from");
        await Expect(page.Locator("article.message")).ToHaveCountAsync(8);
        var cloneId = (await page.Locator("#thread-header dd code").First.TextContentAsync())!;
        Assert.NotEqual(id, cloneId);

        await page.Locator("#delete").ClickAsync();
        await Expect(page.Locator("section.confirm")).ToContainTextAsync("8 messages");
        await page.Locator("#confirm-delete").ClickAsync();
        await Expect(page.Locator("#deleted-notice")).ToContainTextAsync(cloneId);
        using (var gone = await fixture.SendAsync(Writer, HttpMethod.Get, $"threads/{cloneId}"))
        {
            Assert.Equal(System.Net.HttpStatusCode.NotFound, gone.StatusCode);
        }

        using (var source = await fixture.SendAsync(Writer, HttpMethod.Get, $"threads/{id}"))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, source.StatusCode);
        }

        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task Browser_LongThread_PagesBackFiftyMessagesAtATime()
    {
        var id = await fixture.CreateThreadAsync(Writer, """{"title":"Long"}""");
        for (var from = 1; from <= 120; from += 60)
        {
            var batch = string.Join(',', Enumerable.Range(from, 60).Select(static i => $$"""{"role":"user","content":"message {{i}}"}"""));
            await fixture.AppendAsync(Writer, id, $"[{batch}]");
        }

        await using var browser = await fixture.SignInAsync(Writer, $"/ui/{Tenant}/threads/{id}");
        var page = browser.Page;
        await Expect(page.Locator("article.message")).ToHaveCountAsync(50);
        await Expect(page.Locator("article.message").First).ToHaveIdAsync("m-71");
        await Expect(page.Locator("article.message").Last).ToHaveIdAsync("m-120");

        await page.Locator("#older").ClickAsync();
        await Expect(page.Locator("article.message").First).ToHaveIdAsync("m-21");
        await Expect(page.Locator("article.message").Last).ToHaveIdAsync("m-70");
        await Expect(page.Locator("[data-live-events]")).ToHaveCountAsync(0);

        await page.Locator("#older").ClickAsync();
        await Expect(page.Locator("article.message")).ToHaveCountAsync(20);
        await Expect(page.Locator("article.message").First).ToHaveIdAsync("m-1");
        await Expect(page.Locator("#older")).ToHaveCountAsync(0);

        await page.Locator("#newest").ClickAsync();
        await Expect(page.Locator("article.message").Last).ToHaveIdAsync("m-120");
    }

    [Fact]
    public async Task Browser_UserScopedKey_SeesOnlyItsUsersThreads()
    {
        var resource = $"shared-{Guid.NewGuid():N}";
        var word = $"w{Guid.NewGuid():N}";
        var alices = await fixture.CreateThreadAsync(Admin, $$"""{"resourceId":"{{resource}}","userId":"alice","title":"Alice's","messages":[{"role":"user","content":"{{word}} from alice"}]}""");
        var bobs = await fixture.CreateThreadAsync(Admin, $$"""{"resourceId":"{{resource}}","userId":"bob","title":"Bob's","messages":[{"role":"user","content":"{{word}} from bob"}]}""");
        await using var browser = await fixture.SignInAsync(Alice);
        var page = browser.Page;
        await Expect(page.Locator(".who")).ToContainTextAsync("user alice");

        await page.GotoAsync($"/ui/{Tenant}?resourceId={resource}");
        await Expect(page.Locator($"tr[data-thread-id='{alices}']")).ToHaveCountAsync(1);
        await Expect(page.Locator("#threads tbody tr")).ToHaveCountAsync(1);

        await page.Locator("#search-q").FillAsync(word);
        await page.Locator("#search").ClickAsync();
        await Expect(page.Locator("#hits li")).ToHaveCountAsync(1);
        await Expect(page.Locator($"#hits li[data-thread-id='{alices}'] mark")).ToHaveTextAsync(word);

        var response = await page.GotoAsync($"/ui/{Tenant}/threads/{bobs}");
        Assert.Equal(404, response!.Status);
        await Expect(page.Locator("section.error")).ToContainTextAsync("was not found");
        Assert.DoesNotContain(word, await page.ContentAsync(), StringComparison.Ordinal);

        var exported = await page.APIRequest.GetAsync($"/ui/{Tenant}/threads/{bobs}/export");
        Assert.Equal(404, exported.Status);
        await Expect(page.Locator("#sign-out")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Browser_ReadKey_IsOfferedNoActionsAndMayNotPostThem()
    {
        var id = await fixture.CreateThreadAsync(Writer, """{"title":"Read only","messages":[{"role":"user","content":"hi"}]}""");
        await using var browser = await fixture.SignInAsync(Reader, $"/ui/{Tenant}/threads/{id}");
        var page = browser.Page;
        await Expect(page.Locator("#thread-title")).ToHaveTextAsync("Read only");
        await Expect(page.Locator("#export")).ToBeVisibleAsync();
        await Expect(page.Locator("#clone, #rename, #archive, #delete")).ToHaveCountAsync(0);

        var origin = fixture.BaseAddress.GetLeftPart(UriPartial.Authority);
        var posted = await page.APIRequest.PostAsync($"/ui/{Tenant}/threads/{id}/delete", new APIRequestContextOptions
        {
            Headers = new Dictionary<string, string> { ["Origin"] = origin },
            Form = page.APIRequest.CreateFormData().Set("confirm", id),
        });
        Assert.Equal(403, posted.Status);
        using var still = await fixture.SendAsync(Writer, HttpMethod.Get, $"threads/{id}");
        Assert.Equal(System.Net.HttpStatusCode.OK, still.StatusCode);
    }

    [Fact]
    public async Task Browser_HostileMessages_RenderAsTextAndNothingRuns()
    {
        const string Script = "<script>window.pwned = true; alert('pwned')</script>";
        const string Image = "<img src=x onerror=\"window.pwned = true; alert('pwned')\">";
        var hugeLine = new string('A', 50_000);
        var id = await fixture.CreateThreadAsync(Writer, $$$"""
            {"title":"{{{Script}}}","metadata":{"{{{"<b>k</b>"}}}":"{{{Image.Replace("\"", "\\\"", StringComparison.Ordinal)}}}"},
             "messages":[{"role":"user","content":"{{{Script}}}"},
                         {"role":"user","content":"{{{Image.Replace("\"", "\\\"", StringComparison.Ordinal)}}}"},
                         {"role":"assistant","content":[{"type":"tool_call","callId":"</summary><script>alert(1)</script>","name":"<i>tool</i>","arguments":{"html":"</pre>{{{Script}}}"}}]},
                         {"role":"assistant","content":[{"type":"data","mediaType":"text/html","data":"PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="},{"type":"error","message":"{{{Script}}}"}]},
                         {"role":"user","content":"{{{hugeLine}}}"}]}
            """);
        await using var browser = await fixture.SignInAsync(Writer, $"/ui/{Tenant}/threads/{id}");
        var page = browser.Page;
        await Expect(page.Locator("article.message")).ToHaveCountAsync(5);
        await fixture.AppendAsync(Writer, id, $$"""[{"role":"user","content":"{{Script}} live"}]""");
        await Expect(page.Locator("#m-6 .part.text")).ToHaveTextAsync($"{Script} live");

        await Expect(page.Locator("#thread-title")).ToHaveTextAsync(Script);
        await Expect(page.Locator("#m-1 .part.text")).ToHaveTextAsync(Script);
        await Expect(page.Locator("#m-2 .part.text")).ToHaveTextAsync(Image);
        await Expect(page.Locator("#m-3 pre.json")).ToContainTextAsync($"</pre>{Script}");
        await Expect(page.Locator("#m-4 .error-part")).ToContainTextAsync(Script);
        await Expect(page.Locator("#m-4 img")).ToHaveCountAsync(0);
        await Expect(page.Locator("#m-4 a.download")).ToHaveAttributeAsync("href", new Regex("^data:application/octet-stream;base64,"));

        // The only script is the browser's own, no element came from content, and the huge line wraps inside the page.
        Assert.Equal(1, await page.Locator("script").CountAsync());
        Assert.Equal(0, await page.Locator("main img, main i, main b").CountAsync());
        Assert.False(await page.EvaluateAsync<bool>("() => window.pwned === true"));
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
        Assert.Empty(browser.Dialogs);
    }

    [Fact]
    public async Task Browser_SignIn_KeepsTheKeyInAnHttpOnlySessionCookieOnly()
    {
        await using var browser = await fixture.Chromium.OpenAsync(fixture.BaseAddress);
        var page = browser.Page;
        await page.GotoAsync($"/ui/{Tenant}?resourceId=r");
        Assert.Contains("/ui/_signin", page.Url, StringComparison.Ordinal);
        await page.Locator("#key").FillAsync("not-a-key-0123456789abcdef");
        await page.Locator("#sign-in").ClickAsync();
        await Expect(page.Locator("#signin-failed")).ToBeVisibleAsync();
        Assert.DoesNotContain("not-a-key", page.Url, StringComparison.Ordinal);

        await page.Locator("#key").FillAsync(Writer);
        await page.Locator("#sign-in").ClickAsync();
        await page.WaitForURLAsync(new Regex($"/ui/{Tenant}\\?resourceId=r$"));
        Assert.DoesNotContain(Writer, page.Url, StringComparison.Ordinal);
        var cookie = Assert.Single(await browser.Context.CookiesAsync());
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.Equal(-1, cookie.Expires);
        Assert.Equal("/ui", cookie.Path);
        Assert.Equal(string.Empty, await page.EvaluateAsync<string>("() => document.cookie"));

        await page.Locator("#sign-out").ClickAsync();
        await page.GotoAsync($"/ui/{Tenant}");
        Assert.Contains("/ui/_signin", page.Url, StringComparison.Ordinal);
        Assert.Empty(await browser.Context.CookiesAsync());
    }

    [Fact]
    public async Task Browser_OtherNamespaceAndUnknownPages_AnswerPagesThatSaySo()
    {
        await using var browser = await fixture.SignInAsync(Writer);
        var page = browser.Page;

        var other = await page.GotoAsync("/ui/tenant-b");
        Assert.Equal(403, other!.Status);
        await Expect(page.Locator("section.error")).ToContainTextAsync("may not use namespace 'tenant-b'");

        var thread = await page.GotoAsync($"/ui/{Tenant}/threads/no-such-thread");
        Assert.Equal(404, thread!.Status);
        await Expect(page.Locator("section.error h1")).ToHaveTextAsync("Not found");

        var nowhere = await page.GotoAsync($"/ui/{Tenant}/threads/x/nothing/here");
        Assert.Equal(404, nowhere!.Status);
        await Expect(page.Locator("section.error")).ToContainTextAsync("no page at this address");

        var bad = await page.GotoAsync($"/ui/{Tenant}?archived=maybe");
        Assert.Equal(400, bad!.Status);
        await Expect(page.Locator("section.error")).ToContainTextAsync("archived");
    }
}
