using System.CommandLine;
using System.Net.Http.Headers;
using Spectre.Console;

namespace Threads.Cli;

/// <summary><c>export</c> and <c>import</c>: a thread as NDJSON, streamed both ways so memory stays flat.</summary>
internal static class TransferCommands
{
    private const int BufferSize = 81920;

    public static Command CreateExport()
    {
        var output = new Option<FileInfo?>("--output", "-o") { Description = "The NDJSON file to write (default: standard output)." };
        var command = new Command("export", "Writes a thread, its messages, state and file list as NDJSON.") { ThreadCommands.ThreadId, output };
        command.SetAction(CliConnection.Run(async (c, parse, ct) =>
        {
            var id = parse.GetValue(ThreadCommands.ThreadId)!;
            var info = await c.Thread(id).GetAsync(cancellationToken: ct).ConfigureAwait(false);
            using var response = await c.Http.GetAsync($"v1/namespaces/{c.Ns}/threads/{Uri.EscapeDataString(id)}/export", HttpCompletionOption.ResponseHeadersRead, ct)
                .ConfigureAwait(false);
            await ThrowIfFailedAsync(response, ct).ConfigureAwait(false);
            await using var source = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            if (parse.GetValue(output) is not { } file)
            {
                await using var stdout = Console.OpenStandardOutput();
                await source.CopyToAsync(stdout, BufferSize, ct).ConfigureAwait(false);
                return;
            }

            await using var target = file.Create();
            await WithProgressAsync($"export {id}", info.MessageCount + 2, async progress =>
            {
                var buffer = new byte[BufferSize];
                int read;
                while ((read = await source.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
                {
                    await target.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
                    progress(buffer.AsSpan(0, read).Count((byte)'\n'));
                }
            }).ConfigureAwait(false);
            Console.Error.WriteLine($"exported {id} ({info.MessageCount} messages) to {file.FullName}");
        }));
        return command;
    }

    public static Command CreateImport()
    {
        var input = new Argument<FileInfo>("file") { Description = "The NDJSON file an export wrote." };
        var command = new Command("import", "Recreates a thread from an export (409 if its id exists).") { input };
        command.SetAction(CliConnection.Run(async (c, parse, ct) =>
        {
            var file = parse.GetValue(input)!;
            await using var source = file.OpenRead();
            HttpResponseMessage? response = null;
            await WithProgressAsync($"import {file.Name}", file.Length, async progress =>
            {
                var content = new StreamContent(new ProgressStream(source, progress), BufferSize);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
                response = await c.Http.PostAsync($"v1/namespaces/{c.Ns}/threads/import", content, ct).ConfigureAwait(false);
            }).ConfigureAwait(false);
            using (response)
            {
                await ThrowIfFailedAsync(response!, ct).ConfigureAwait(false);
                var body = await response!.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
                if (c.WantsJson)
                {
                    Console.Out.WriteLine(body);
                    return;
                }

                using var document = System.Text.Json.JsonDocument.Parse(body);
                Console.Out.WriteLine($"thread_id: {document.RootElement.GetProperty("id").GetString()}");
            }
        }));
        return command;
    }

    /// <summary>Runs <paramref name="work"/> under a progress bar on standard error, when that is a terminal.</summary>
    private static async Task WithProgressAsync(string title, double total, Func<Action<long>, Task> work)
    {
        if (Console.IsErrorRedirected)
        {
            await work(static _ => { }).ConfigureAwait(false);
            return;
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        await console.Progress().StartAsync(async context =>
        {
            var task = context.AddTask(Markup.Escape(title), maxValue: Math.Max(total, 1));
            await work(done => task.Increment(done)).ConfigureAwait(false);
            task.Value = task.MaxValue;
        }).ConfigureAwait(false);
    }

    private static async Task ThrowIfFailedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var problem = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        throw new IOException($"{(int)response.StatusCode} {problem}");
    }

    /// <summary>Reports the bytes read through it.</summary>
    private sealed class ProgressStream(Stream inner, Action<long> progress) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Report(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Report(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

        public override void Flush() => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Report(int read)
        {
            progress(read);
            return read;
        }
    }
}
