using System.CommandLine;
using Spectre.Console;

namespace Threads.Cli;

/// <summary><c>files ls|put|get|rm</c>: a thread's files.</summary>
internal static class FileCommands
{
    private static readonly Argument<string> Name = new("filename") { Description = "The file's name in the thread." };

    public static Command Create() => new("files", "A thread's files.") { List(), Put(), Get(), Remove() };

    private static Command List()
    {
        var command = new Command("ls", "Lists a thread's files.") { ThreadCommands.ThreadId };
        command.SetAction(CliConnection.Run(async (c, parse, ct) =>
        {
            var files = await c.Thread(parse.GetValue(ThreadCommands.ThreadId)!).ListFilesAsync(ct).ConfigureAwait(false);
            if (c.WantsJson)
            {
                CliConnection.WriteJson(files);
                return;
            }

            var table = new Table().AddColumns("filename", "bytes", "media type", "created");
            foreach (var file in files.Files)
            {
                table.AddRow(CliConnection.Safe(file.Filename), file.Bytes.ToString(System.Globalization.CultureInfo.InvariantCulture), CliConnection.Safe(file.MediaType),
                    file.CreatedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(table);
        }));
        return command;
    }

    private static Command Put()
    {
        var path = new Argument<FileInfo>("path") { Description = "The local file to upload." };
        var name = new Option<string?>("--name") { Description = "Its name in the thread (default: the local name)." };
        var type = new Option<string?>("--media-type") { Description = "Its media type (default: from its extension)." };
        var command = new Command("put", "Writes a local file into a thread.") { ThreadCommands.ThreadId, path, name, type };
        command.SetAction(CliConnection.Run(async (c, parse, ct) =>
        {
            var local = parse.GetValue(path)!;
            var filename = parse.GetValue(name) ?? local.Name;
            var mediaType = parse.GetValue(type) ?? MediaTypeOf(local.Extension);
            var bytes = await File.ReadAllBytesAsync(local.FullName, ct).ConfigureAwait(false);
            var info = await c.Thread(parse.GetValue(ThreadCommands.ThreadId)!).PutFileAsync(filename, mediaType, bytes, ct).ConfigureAwait(false);
            if (c.WantsJson)
            {
                CliConnection.WriteJson(info);
                return;
            }

            Console.Out.WriteLine($"wrote {info.Filename} ({info.Bytes} bytes, {info.MediaType})");
        }));
        return command;
    }

    private static string MediaTypeOf(string extension) => extension.ToLowerInvariant() switch
    {
        ".txt" or ".log" => "text/plain",
        ".md" => "text/markdown",
        ".json" => "application/json",
        ".csv" => "text/csv",
        ".html" or ".htm" => "text/html",
        ".png" => "image/png",
        ".jpg" or ".jpeg" => "image/jpeg",
        ".gif" => "image/gif",
        ".pdf" => "application/pdf",
        _ => "application/octet-stream",
    };

    private static Command Get()
    {
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Where to write it (default: standard output)." };
        var command = new Command("get", "Reads a file of a thread.") { ThreadCommands.ThreadId, Name, output };
        command.SetAction(CliConnection.Run(async (c, parse, ct) =>
        {
            var file = await c.Thread(parse.GetValue(ThreadCommands.ThreadId)!).GetFileAsync(parse.GetValue(Name)!, ct).ConfigureAwait(false);
            if (parse.GetValue(output) is { } target)
            {
                await File.WriteAllBytesAsync(target.FullName, file.Content, ct).ConfigureAwait(false);
                return;
            }

            await using var stdout = Console.OpenStandardOutput();
            await stdout.WriteAsync(file.Content, ct).ConfigureAwait(false);
        }));
        return command;
    }

    private static Command Remove()
    {
        var command = new Command("rm", "Deletes a file of a thread.") { ThreadCommands.ThreadId, Name };
        command.SetAction(CliConnection.Run(async (c, parse, ct) =>
        {
            await c.Thread(parse.GetValue(ThreadCommands.ThreadId)!).DeleteFileAsync(parse.GetValue(Name)!, ct).ConfigureAwait(false);
            Console.Out.WriteLine($"deleted {parse.GetValue(Name)}");
        }));
        return command;
    }
}
