using System.Text.Json;
using Threads.Grains.Storage;
using Threads.Grains.Threads.Internal;

namespace Threads.Grains.Threads;

public sealed partial class ThreadGrain
{
    /// <inheritdoc/>
    public async Task<ThreadFileInfo> PutFileAsync(string filename, string mediaType, byte[] content, CancellationToken cancellationToken = default)
    {
        Filenames.Require(filename);
        ArgumentNullException.ThrowIfNull(content);
        mediaType = RequestValidator.MediaType(mediaType);
        if (content.Length > _validate.Limits.MaxFileBytes)
        {
            throw new PayloadTooLargeException($"file: at most {_validate.Limits.MaxFileBytes} bytes (Threads:Limits:MaxFileBytes)");
        }

        return await WriteAsync((Filename: filename, MediaType: mediaType, Content: content), static (grain, file, cancellationToken) =>
            grain.TryPutFileAsync(file.Filename, file.MediaType, file.Content, cancellationToken), cancellationToken);
    }

    /// <summary>One attempt at writing a file, conditional on the header's ETag.</summary>
    private async Task<WriteAttempt<ThreadFileInfo>> TryPutFileAsync(string filename, string mediaType, byte[] content, CancellationToken cancellationToken)
    {
        var current = await DecideAsync(0, CheckWritable, cancellationToken);
        var existing = await _store.ListFilesAsync(Namespace, ThreadId, cancellationToken);
        if (existing.Count >= _validate.Limits.MaxFilesPerThread && !existing.Any(f => f.Filename == filename))
        {
            throw new PayloadTooLargeException($"files: at most {_validate.Limits.MaxFilesPerThread} files per thread (Threads:Limits:MaxFilesPerThread)");
        }

        var now = Now();
        var info = new ThreadFileInfo(Identifiers.NewFileId(), filename, content.Length, mediaType, now);
        var updated = current with { ETag = current.ETag + 1, Thread = current.Thread with { UpdatedAt = now } };
        if (await _store.PutFileAsync(updated, current.ETag, new StoredFile(info, content), cancellationToken))
        {
            _thread = updated;
            return info;
        }

        return WriteAttempt<ThreadFileInfo>.Lost;
    }

    /// <inheritdoc/>
    public async Task<ThreadFileList> ListFilesAsync(CancellationToken cancellationToken = default)
    {
        await CurrentAsync(cancellationToken);
        return new ThreadFileList(await _store.ListFilesAsync(Namespace, ThreadId, cancellationToken));
    }

    /// <inheritdoc/>
    public async Task<ThreadFile> GetFileAsync(string filename, CancellationToken cancellationToken = default)
    {
        Filenames.Require(filename);
        await CurrentAsync(cancellationToken);
        var file = await _store.GetFileAsync(Namespace, ThreadId, filename, cancellationToken) ?? throw FileNotFound(filename);
        return new ThreadFile(file.Info, file.Content);
    }

    /// <inheritdoc/>
    public async Task DeleteFileAsync(string filename, CancellationToken cancellationToken = default)
    {
        Filenames.Require(filename);
        await WriteAsync(filename, static (grain, filename, cancellationToken) => grain.TryDeleteFileAsync(filename, cancellationToken), cancellationToken);
    }

    /// <summary>One attempt at deleting a file, conditional on the header's ETag.</summary>
    private async Task<WriteAttempt<bool>> TryDeleteFileAsync(string filename, CancellationToken cancellationToken)
    {
        var current = await CurrentAsync(cancellationToken);
        EnsureWritable(current);
        if (await _store.GetFileAsync(Namespace, ThreadId, filename, cancellationToken) is null)
        {
            throw FileNotFound(filename);
        }

        var updated = current with { ETag = current.ETag + 1, Thread = current.Thread with { UpdatedAt = Now() } };
        if (await _store.DeleteFileAsync(updated, current.ETag, filename, cancellationToken))
        {
            _thread = updated;
            return true;
        }

        return WriteAttempt<bool>.Lost;
    }

    /// <inheritdoc/>
    public async Task<ThreadInfo> ImportAsync(ThreadImport import, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(import);
        var header = import.Thread;
        Identifiers.RequireIdIfPresent(header.ResourceId, "thread.resourceId");
        Identifiers.RequireIdIfPresent(header.UserId, "thread.userId");
        _validate.Title(header.Title, "thread.title");
        _validate.Metadata(header.Metadata, "thread.metadata");
        if (import.Messages.Count > _validate.Limits.MaxImportMessages)
        {
            throw new PayloadTooLargeException($"messages: at most {_validate.Limits.MaxImportMessages} per import (Threads:Limits:MaxImportMessages)");
        }

        var previousSeq = 0L;
        for (var i = 0; i < import.Messages.Count; i++)
        {
            var message = import.Messages[i];
            if (message.Seq <= previousSeq || message.Seq > header.LastSeq)
            {
                throw InvalidArgumentException.ForField($"messages[{i}].seq", "must grow through the export and not pass the thread's lastSeq");
            }

            if (!Identifiers.IsValidId(message.Id))
            {
                throw InvalidArgumentException.ForField($"messages[{i}].id", "is not a valid message id");
            }

            _validate.Messages([new NewMessage { Role = message.Role, Content = message.Content, UserId = message.UserId, RunId = message.RunId, Metadata = message.Metadata }], $"messages[{i}]", required: true);
            previousSeq = message.Seq;
        }

        var files = new List<StoredFile>(import.Files.Count);
        foreach (var file in import.Files)
        {
            Filenames.Require(file.Info.Filename);
            if (file.Content.Length > _validate.Limits.MaxFileBytes)
            {
                throw new PayloadTooLargeException($"file '{file.Info.Filename}': at most {_validate.Limits.MaxFileBytes} bytes (Threads:Limits:MaxFileBytes)");
            }

            files.Add(new StoredFile(file.Info with { Bytes = file.Content.Length, MediaType = RequestValidator.MediaType(file.Info.MediaType) }, file.Content));
        }

        if (import.State is { ValueKind: not JsonValueKind.Object })
        {
            throw InvalidArgumentException.ForField("state", "must be a JSON object");
        }

        var stateJson = import.State is { } state
            ? await ValidateStateAsync(header.StateSchemaId, (System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse(state.GetRawText())!, cancellationToken)
            : null;
        var thread = header with { Id = ThreadId, Namespace = Namespace, UserId = ActingUser.Resolve(header.UserId, "thread.userId"), MessageCount = import.Messages.Count, Messages = null };
        var stored = new StoredThread(thread, ETag: 1) { StateJson = stateJson, StateVersion = Math.Max(1, import.StateVersion) };
        if (!await _store.ImportThreadAsync(stored, import.Messages, files, cancellationToken))
        {
            throw new AlreadyExistsException($"Thread '{ThreadId}' already exists in namespace '{Namespace}'.");
        }

        _thread = stored;
        _tail.Clear();
        _tailLoaded = false;
        Publish(ThreadEventTypes.ThreadCreated, thread, Data(thread, Serialization.ThreadsJsonContext.Default.ThreadInfo));
        return thread;
    }

    private NotFoundException FileNotFound(string filename) => new($"File '{filename}' was not found in thread '{ThreadId}'.");
}
