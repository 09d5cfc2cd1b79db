using System.CommandLine;
using Spectre.Console;
using Threads.Grains;

namespace Threads.Cli;

/// <summary><c>list</c>, <c>show</c>, <c>history</c>, <c>clone</c> and <c>delete</c>.</summary>
internal static class ThreadCommands
{
    public static readonly Argument<string> ThreadId = new("thread-id") { Description = "The thread's id." };

    public static IEnumerable<Command> Create() => [List(), Show(), History(), Clone(), Delete()];

    private static Command List()
    {
        var resource = new Option<string?>("--resource", "-r") { Description = "Only this resource's threads." };
        var user = new Option<string?>("--user", "-u") { Description = "Only this user's threads." };
        var limit = new Option<int>("--limit") { Description = "How many, 1-200.", DefaultValueFactory = static _ => 20 };
        var cursor = new Option<string?>("--cursor") { Description = "The next page's cursor, from the last list." };
        var command = new Command("list", "Lists threads, most recently updated first.") { resource, user, limit, cursor };
        command.SetAction(CliConnection.Run(async (c, parse, ct) =>
        {
            var page = await c.Threads.GetResourceIndex(c.Ns, parse.GetValue(resource) ?? IResourceIndexGrain.AllResources)
                .ListThreadsAsync(new ThreadListQuery { UserId = parse.GetValue(user), Limit = parse.GetValue(limit), Cursor = parse.GetValue(cursor) }, ct)
                .ConfigureAwait(false);
            if (c.WantsJson)
            {
                CliConnection.WriteJson(page);
                return;
            }

            var table = new Table().AddColumns("id", "title", "resource", "user", "messages", "updated");
            foreach (var thread in page.Threads)
            {
                table.AddRow(
                    CliConnection.Safe(thread.Id), CliConnection.Safe(thread.Title), CliConnection.Safe(thread.ResourceId), CliConnection.Safe(thread.UserId),
                    thread.MessageCount.ToString(System.Globalization.CultureInfo.InvariantCulture), thread.UpdatedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(table);
            if (page.NextCursor is { } next)
            {
                AnsiConsole.MarkupLine($"more: --cursor {CliConnection.Safe(next)}");
            }
        }));
        return command;
    }

    private static Command Show()
    {
        var command = new Command("show", "Shows a thread's header.") { ThreadId };
        command.SetAction(CliConnection.Run(async (c, parse, ct) =>
        {
            var info = await c.Thread(parse.GetValue(ThreadId)!).GetAsync(cancellationToken: ct).ConfigureAwait(false);
            if (c.WantsJson)
            {
                CliConnection.WriteJson(info);
                return;
            }

            var grid = new Grid().AddColumns(2);
            grid.AddRow("id", CliConnection.Safe(info.Id));
            grid.AddRow("title", CliConnection.Safe(info.Title));
            grid.AddRow("resource", CliConnection.Safe(info.ResourceId));
            grid.AddRow("user", CliConnection.Safe(info.UserId));
            grid.AddRow("messages", info.MessageCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
            grid.AddRow("parent", info.Parent is { } parent ? CliConnection.Safe($"{parent.ThreadId} @ {parent.Seq}") : string.Empty);
            grid.AddRow("metadata", CliConnection.Safe(string.Join(", ", info.Metadata.Select(static m => $"{m.Key}={m.Value}"))));
            grid.AddRow("updated", info.UpdatedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture));
            AnsiConsole.Write(grid);
        }));
        return command;
    }

    private static Command History()
    {
        var last = new Option<int>("--last") { Description = "How many of the newest messages, 1-200.", DefaultValueFactory = static _ => 20 };
        var command = new Command("history", "Shows a thread's newest messages, oldest first.") { ThreadId, last };
        command.SetAction(CliConnection.Run(async (c, parse, ct) =>
        {
            var messages = await LastMessagesAsync(c.Thread(parse.GetValue(ThreadId)!), parse.GetValue(last), ct).ConfigureAwait(false);
            if (c.WantsJson)
            {
                CliConnection.WriteJson(messages);
                return;
            }

            WriteMessages(messages);
        }));
        return command;
    }

    private static Command Clone()
    {
        var title = new Option<string?>("--title") { Description = "The new thread's title." };
        var upTo = new Option<long?>("--up-to-seq") { Description = "Copy messages up to this seq (default: all)." };
        var command = new Command("clone", "Branches a thread into a new one.") { ThreadId, title, upTo };
        command.SetAction(CliConnection.Run(async (c, parse, ct) =>
        {
            var clone = await c.Thread(parse.GetValue(ThreadId)!)
                .CloneAsync(new CloneThreadRequest { Title = parse.GetValue(title), UpToSeq = parse.GetValue(upTo) }, ct).ConfigureAwait(false);
            if (c.WantsJson)
            {
                CliConnection.WriteJson(clone);
                return;
            }

            Console.Out.WriteLine($"thread_id: {clone.Id}");
        }));
        return command;
    }

    private static Command Delete()
    {
        var command = new Command("delete", "Deletes a thread with its messages, state and files.") { ThreadId };
        command.SetAction(CliConnection.Run(async (c, parse, ct) =>
        {
            var id = parse.GetValue(ThreadId)!;
            await c.Thread(id).DeleteAsync(cancellationToken: ct).ConfigureAwait(false);
            Console.Out.WriteLine($"deleted {id}");
        }));
        return command;
    }

    public static async Task<IReadOnlyList<ThreadMessage>> LastMessagesAsync(IThreadGrain thread, int count, CancellationToken cancellationToken)
    {
        var page = await thread.GetMessagesAsync(new MessageQuery { Limit = count, Order = SortOrder.Descending }, cancellationToken).ConfigureAwait(false);
        return [.. page.Messages.Reverse()];
    }

    public static void WriteMessages(IEnumerable<ThreadMessage> messages)
    {
        foreach (var message in messages)
        {
            Console.Out.WriteLine($"{message.Seq,4} {message.Role.Value}: {CliConnection.Describe(message)}");
        }
    }
}
