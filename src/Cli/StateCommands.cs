using System.CommandLine;
using System.Text.Json;

namespace Threads.Cli;

/// <summary><c>state get|set</c>: a thread's state.</summary>
internal static class StateCommands
{
    public static Command Create() => new("state", "A thread's state.") { Get(), Set() };

    private static Command Get()
    {
        var command = new Command("get", "Writes a thread's state as JSON.") { ThreadCommands.ThreadId };
        command.SetAction(CliConnection.Run(async (c, parse, ct) =>
        {
            var snapshot = await c.Thread(parse.GetValue(ThreadCommands.ThreadId)!).GetStateAsync(ct).ConfigureAwait(false);
            if (c.WantsJson)
            {
                CliConnection.WriteJson(snapshot);
                return;
            }

            CliConnection.WriteJson(snapshot.State);
            Console.Error.WriteLine($"version {snapshot.Version}");
        }));
        return command;
    }

    private static Command Set()
    {
        var json = new Argument<string>("json") { Description = "The new state, a JSON document; - reads it from standard input." };
        var command = new Command("set", "Replaces a thread's state.") { ThreadCommands.ThreadId, json };
        command.SetAction(CliConnection.Run(async (c, parse, ct) =>
        {
            var text = parse.GetValue(json)!;
            if (text == "-")
            {
                text = await Console.In.ReadToEndAsync(ct).ConfigureAwait(false);
            }

            JsonElement state;
            try
            {
                state = JsonDocument.Parse(text).RootElement;
            }
            catch (JsonException exception)
            {
                throw new IOException($"the state is not JSON: {exception.Message}", exception);
            }

            var result = await c.Thread(parse.GetValue(ThreadCommands.ThreadId)!).ReplaceStateAsync(state, cancellationToken: ct).ConfigureAwait(false);
            if (c.WantsJson)
            {
                CliConnection.WriteJson(result);
                return;
            }

            Console.Out.WriteLine($"state version {result.Version}");
        }));
        return command;
    }
}
