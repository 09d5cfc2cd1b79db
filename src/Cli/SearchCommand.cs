using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using Spectre.Console;
using Threads.Grains;

namespace Threads.Cli;

/// <summary><c>search</c>: the namespace's messages matching some words, best first, their matched words in bold.</summary>
internal static partial class SearchCommand
{
    public static Command Create()
    {
        var q = new Argument<string>("query") { Description = "Words that must all match, \"a phrase\", prefix*." };
        var resource = new Option<string?>("--resource", "-r") { Description = "Only this resource's threads." };
        var thread = new Option<string?>("--thread-id", "-t") { Description = "Only this thread." };
        var role = new Option<string?>("--role") { Description = "Only messages of this role: system, user, assistant or tool." };
        var hidden = new Option<bool>("--include-hidden") { Description = "Search hidden threads too." };
        var limit = new Option<int>("--limit") { Description = "How many, 1-200.", DefaultValueFactory = static _ => 20 };
        var cursor = new Option<string?>("--cursor") { Description = "The next page's cursor, from the last search." };
        var command = new Command("search", "Finds messages by their words across the namespace's threads, best match first.")
        {
            q, resource, thread, role, hidden, limit, cursor,
        };
        command.SetAction(CliConnection.Run(async (c, parse, ct) =>
        {
            var page = await c.Threads.GetSearch(c.Ns).SearchAsync(
                new SearchQuery
                {
                    Q = parse.GetValue(q)!,
                    ResourceId = parse.GetValue(resource),
                    ThreadId = parse.GetValue(thread),
                    Role = parse.GetValue(role) is { } r ? new MessageRole(r) : null,
                    IncludeHidden = parse.GetValue(hidden),
                    Limit = parse.GetValue(limit),
                    Cursor = parse.GetValue(cursor),
                },
                ct).ConfigureAwait(false);
            if (c.WantsJson)
            {
                CliConnection.WriteJson(page);
                return;
            }

            // One line a hit, never wrapped, so that scripts can cut it: "thread_… #3 user: the **matched** words"; on a
            // terminal the matched words are bold instead.
            foreach (var hit in page.Hits)
            {
                var line = string.Create(CultureInfo.InvariantCulture, $"{hit.ThreadId} #{hit.Seq} {hit.Role.Value}: ");
                if (Console.IsOutputRedirected)
                {
                    Console.Out.WriteLine(line + hit.Snippet);
                }
                else
                {
                    AnsiConsole.MarkupLine(CliConnection.Safe(line) + Bold(hit.Snippet));
                }
            }

            if (page.NextCursor is { } next)
            {
                AnsiConsole.MarkupLine($"more: --cursor {CliConnection.Safe(next)}");
            }
        }));
        return command;
    }

    /// <summary>The snippet as markup: its text escaped, the words between <c>**</c> in bold.</summary>
    private static string Bold(string snippet) => Marked().Replace(CliConnection.Safe(snippet), "[bold]$1[/]");

    [GeneratedRegex(@"\*\*(.+?)\*\*")]
    private static partial Regex Marked();
}
