using System.Buffers.Text;
using Threads.Grains.Serialization;

namespace Threads.Grains.Threads.Internal;

/// <summary>Checks requests against the API's rules and the configured limits; a failure names the field and writes nothing.</summary>
internal sealed class RequestValidator(ThreadLimitsOptions limits)
{
    public ThreadLimitsOptions Limits => limits;

    /// <summary>A media type as <c>type/subtype</c> (parameters allowed), or application/octet-stream when none is given.</summary>
    public static string MediaType(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "application/octet-stream";
        }

        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (value.Length > 255 || slash <= 0 || slash == value.Length - 1 || value.Any(c => char.IsControl(c) || c > 127))
        {
            throw InvalidArgumentException.ForField("mediaType", "must be a media type such as text/plain");
        }

        return value;
    }

    public void Title(string? value, string path)
    {
        if (value is not null && value.Length > limits.MaxTitleLength)
        {
            throw InvalidArgumentException.ForField(path, $"must be at most {limits.MaxTitleLength} characters (Threads:Limits:MaxTitleLength)");
        }
    }

    /// <summary>Checks metadata against the limits; a null value is refused unless <paramref name="nullRemoves"/> (a change where null removes the key).</summary>
    public void Metadata<TValue>(IReadOnlyDictionary<string, TValue>? metadata, string path, bool nullRemoves = false)
        where TValue : class?
    {
        if (metadata is null)
        {
            return;
        }

        if (metadata.Count > limits.MaxMetadataKeys)
        {
            throw InvalidArgumentException.ForField(path, $"must have at most {limits.MaxMetadataKeys} keys (Threads:Limits:MaxMetadataKeys)");
        }

        foreach (var (key, value) in metadata)
        {
            if (key.Length is 0 || key.Length > limits.MaxMetadataKeyLength)
            {
                throw InvalidArgumentException.ForField($"{path}.{key}", $"a key must be 1 to {limits.MaxMetadataKeyLength} characters (Threads:Limits:MaxMetadataKeyLength)");
            }

            if (value is null && !nullRemoves)
            {
                throw InvalidArgumentException.ForField($"{path}.{key}", "a value must be a string");
            }

            if (value is string text && text.Length > limits.MaxMetadataValueLength)
            {
                throw InvalidArgumentException.ForField($"{path}.{key}", $"a value must be at most {limits.MaxMetadataValueLength} characters (Threads:Limits:MaxMetadataValueLength)");
            }
        }
    }

    public void Limit(int limit, string path)
    {
        if (limit < 1 || limit > limits.MaxPageSize)
        {
            throw InvalidArgumentException.ForField(path, $"must be between 1 and {limits.MaxPageSize}");
        }
    }

    public void Messages(IReadOnlyList<NewMessage>? messages, string path, bool required)
    {
        if (messages is null || messages.Count == 0)
        {
            if (required)
            {
                throw InvalidArgumentException.ForField(path, "must hold at least one message");
            }

            return;
        }

        if (messages.Count > limits.MaxMessagesPerAppend)
        {
            throw new PayloadTooLargeException($"{path}: at most {limits.MaxMessagesPerAppend} messages per request (Threads:Limits:MaxMessagesPerAppend)");
        }

        for (var i = 0; i < messages.Count; i++)
        {
            Message(messages[i], $"{path}[{i}]");
        }
    }

    private void Message(NewMessage? message, string path)
    {
        if (message is null)
        {
            throw InvalidArgumentException.ForField(path, "must not be null");
        }

        if (!message.Role.IsKnown)
        {
            throw InvalidArgumentException.ForField($"{path}.role", "must be one of system, user, assistant, tool");
        }

        Identifiers.RequireIdIfPresent(message.UserId, $"{path}.userId");
        Identifiers.RequireIdIfPresent(message.RunId, $"{path}.runId");
        Metadata(message.Metadata, $"{path}.metadata");
        if (message.Content is null || message.Content.Count == 0)
        {
            throw InvalidArgumentException.ForField($"{path}.content", "must hold at least one part");
        }

        for (var i = 0; i < message.Content.Count; i++)
        {
            Part(message.Content[i], $"{path}.content[{i}]");
        }

        if (JsonSize.Of(message, ThreadsJsonContext.Default.NewMessage) > limits.MaxMessageBytes)
        {
            throw new PayloadTooLargeException($"{path}: a message must be at most {limits.MaxMessageBytes} bytes of JSON (Threads:Limits:MaxMessageBytes)");
        }
    }

    private static void Part(ContentPart? part, string path)
    {
        switch (part)
        {
            case TextPart { Text: not null }:
            case ErrorPart { Message: not null }:
                return;
            case ToolCallPart call:
                Required(call.CallId, $"{path}.callId");
                Required(call.Name, $"{path}.name");
                return;
            case ToolResultPart result:
                Required(result.CallId, $"{path}.callId");
                return;
            case DataPart data:
                Required(data.MediaType, $"{path}.mediaType");
                if (data.Data is null || !Base64.IsValid(data.Data))
                {
                    throw InvalidArgumentException.ForField($"{path}.data", "must be base64");
                }

                return;
            case null:
                throw InvalidArgumentException.ForField(path, "must not be null");
            default:
                throw InvalidArgumentException.ForField($"{path}.type", "must be one of text, tool_call, tool_result, data, error");
        }
    }

    private static void Required(string? value, string path)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw InvalidArgumentException.ForField(path, "is required");
        }
    }
}
