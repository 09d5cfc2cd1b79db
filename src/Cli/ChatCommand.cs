using System.CommandLine;
using Microsoft.Extensions.AI;
using Threads.Agents;
using Threads.Grains;

namespace Threads.Cli;

/// <summary><c>threads chat</c>: an interactive conversation kept in a thread, resumable by its id.</summary>
internal static class ChatCommand
{
    private const int ShownOnResume = 6;

    public static Command Create()
    {
        var threadId = new Option<string?>("--thread-id", "-t") { Description = "Resume this thread (default: start a new one)." };
        var resource = new Option<string?>("--resource", "-r") { Description = "The resource a new thread is created under." };
        var user = new Option<string?>("--user", "-u") { Description = "The user a new thread belongs to." };
        var model = new Option<string>("--model", "-m") { Description = "The model's name (default: echo, an offline model, when no endpoint is set).", DefaultValueFactory = static _ => EchoChatClient.ModelId };
        var endpoint = new Option<Uri?>("--endpoint") { Description = "An OpenAI-compatible endpoint; its key comes from OPENAI_API_KEY." };
        var command = new Command("chat", "Chats with a model in a thread; /files, /clone, /history, /exit inside.") { threadId, resource, user, model, endpoint };
        command.SetAction(CliConnection.Run(async (c, parse, ct) =>
        {
            using var inner = ChatModels.Create(parse.GetValue(endpoint), parse.GetValue(model)!);
            using var chat = inner.AsBuilder()
                .UseThreads(c.Threads, o =>
                {
                    o.Namespace = c.Ns;
                    o.ResourceId = parse.GetValue(resource);
                    o.UserId = parse.GetValue(user);
                })
                .Build();
            var session = new ChatSession(c, chat, parse.GetValue(threadId));
            await session.RunAsync(ct).ConfigureAwait(false);
        }));
        return command;
    }

    private sealed class ChatSession(CliConnection connection, IChatClient chat, string? threadId)
    {
        private string? _threadId = threadId;

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            try
            {
                await ChatAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                // Ctrl+C: what the chat leaves behind is the id to come back with.
                if (cancellationToken.IsCancellationRequested && _threadId is not null)
                {
                    Console.Out.WriteLine();
                    Console.Out.WriteLine($"thread_id: {_threadId} (resume with --thread-id {_threadId})");
                }
            }
        }

        private async Task ChatAsync(CancellationToken cancellationToken)
        {
            if (_threadId is not null)
            {
                var info = await connection.Thread(_threadId).GetAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                Console.Out.WriteLine($"thread_id: {info.Id} ({info.MessageCount} messages)");
                ThreadCommands.WriteMessages(await ThreadCommands.LastMessagesAsync(connection.Thread(_threadId), ShownOnResume, cancellationToken).ConfigureAwait(false));
            }

            while (!cancellationToken.IsCancellationRequested)
            {
                if (!Console.IsInputRedirected)
                {
                    Console.Out.Write("> ");
                }

                // Console reads block their thread whatever the token says: read on another, so Ctrl+C ends the wait.
                var line = await Task.Run(Console.In.ReadLine, CancellationToken.None).WaitAsync(cancellationToken).ConfigureAwait(false);
                if (line is null || line.Trim() == "/exit")
                {
                    return;
                }

                if (line.Trim().Length == 0)
                {
                    continue;
                }

                if (line.StartsWith('/'))
                {
                    await CommandAsync(line.Trim(), cancellationToken).ConfigureAwait(false);
                    continue;
                }

                var isNew = _threadId is null;
                var response = await chat.GetResponseAsync(line, new ChatOptions { ConversationId = _threadId }, cancellationToken).ConfigureAwait(false);
                _threadId = response.ConversationId;
                if (isNew)
                {
                    Console.Out.WriteLine($"thread_id: {_threadId}");
                }

                Console.Out.WriteLine(response.Text);
            }
        }

        private async Task CommandAsync(string command, CancellationToken cancellationToken)
        {
            if (_threadId is null)
            {
                Console.Out.WriteLine("(no thread yet: say something first)");
                return;
            }

            var thread = connection.Thread(_threadId);
            switch (command)
            {
                case "/history":
                    ThreadCommands.WriteMessages(await ThreadCommands.LastMessagesAsync(thread, 200, cancellationToken).ConfigureAwait(false));
                    break;
                case "/files":
                    var files = await thread.ListFilesAsync(cancellationToken).ConfigureAwait(false);
                    Console.Out.WriteLine(files.Files.Count == 0 ? "(no files)" : string.Join(Environment.NewLine, files.Files.Select(static f => $"{f.Filename} ({f.Bytes} bytes, {f.MediaType})")));
                    break;
                case "/clone":
                    var clone = await thread.CloneAsync(new CloneThreadRequest(), cancellationToken).ConfigureAwait(false);
                    _threadId = clone.Id;
                    Console.Out.WriteLine($"thread_id: {clone.Id} (a clone; the chat goes on in it)");
                    break;
                default:
                    Console.Out.WriteLine("commands: /files, /clone, /history, /exit");
                    break;
            }
        }
    }
}
