using System.Text.Json;
using Microsoft.Extensions.AI;
using Threads.Grains;

namespace Threads.Agents;

/// <summary>
/// The mapping between Microsoft.Extensions.AI's messages and contents and a thread's messages and parts. Every part
/// type maps to one content type and back without loss; contents that have no part (reasoning, usage, hosted files,
/// plain URIs) are left out of what is stored.
/// </summary>
public static class ThreadsContent
{
    // Microsoft.Extensions.AI's options indent; a stored part keeps its JSON compact, as the API writes it.
    private static readonly JsonSerializerOptions s_json = new(AIJsonUtilities.DefaultOptions) { WriteIndented = false };

    /// <summary>The metadata key that keeps <see cref="ChatMessage.AuthorName"/>.</summary>
    public const string AuthorNameKey = "authorName";

    /// <summary>
    /// The additional property that carries a tool call's arguments when they are not a JSON object (an array, a
    /// string, a number), which <see cref="FunctionCallContent.Arguments"/> cannot hold.
    /// </summary>
    public const string RawArgumentsKey = "threads.arguments";

    /// <summary>The additional property that marks a tool result as an error.</summary>
    public const string IsErrorKey = "threads.isError";

    /// <summary>The message to append for <paramref name="message"/>.</summary>
    /// <param name="message">A message from or for the model.</param>
    /// <param name="userId">The user to record on user messages.</param>
    public static NewMessage ToNewMessage(ChatMessage message, string? userId = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        Dictionary<string, string>? metadata = null;
        if (message.AdditionalProperties is { Count: > 0 } properties)
        {
            foreach (var (key, value) in properties)
            {
                if (value is string text)
                {
                    (metadata ??= [])[key] = text;
                }
            }
        }

        if (message.AuthorName is { } author)
        {
            (metadata ??= [])[AuthorNameKey] = author;
        }

        return new NewMessage
        {
            Role = new MessageRole(message.Role.Value),
            Content = ToParts(message.Contents),
            UserId = message.Role == ChatRole.User ? userId : null,
            Metadata = metadata,
        };
    }

    /// <summary>The message the model is given for a stored <paramref name="message"/>.</summary>
    public static ChatMessage ToChatMessage(ThreadMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var chat = new ChatMessage(new ChatRole(message.Role.Value), ToContents(message.Content))
        {
            MessageId = message.Id,
            CreatedAt = message.CreatedAt,
        };
        if (message.Metadata is { Count: > 0 } metadata)
        {
            foreach (var (key, value) in metadata)
            {
                if (key == AuthorNameKey)
                {
                    chat.AuthorName = value;
                }
                else
                {
                    (chat.AdditionalProperties ??= [])[key] = value;
                }
            }
        }

        return chat;
    }

    /// <summary>The parts for <paramref name="contents"/>, leaving out contents that have no part.</summary>
    public static IReadOnlyList<ContentPart> ToParts(IEnumerable<AIContent> contents)
    {
        ArgumentNullException.ThrowIfNull(contents);
        var parts = new List<ContentPart>();
        foreach (var content in contents)
        {
            if (ToPart(content) is { } part)
            {
                parts.Add(part);
            }
        }

        return parts;
    }

    /// <summary>The contents for <paramref name="parts"/>.</summary>
    public static IList<AIContent> ToContents(IEnumerable<ContentPart> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        return parts.Select(ToContent).ToList();
    }

    /// <summary>The part for <paramref name="content"/>, or null when a thread has no part for it.</summary>
    public static ContentPart? ToPart(AIContent content) => content switch
    {
        TextContent text => new TextPart(text.Text),
        FunctionCallContent call => new ToolCallPart(call.CallId, call.Name, ArgumentsOf(call)),
        FunctionResultContent result => new ToolResultPart(result.CallId, ResultOf(result), IsError(result)),
        DataContent data => new DataPart(data.MediaType, Convert.ToBase64String(data.Data.Span)),
        ErrorContent error => new ErrorPart(error.Message),
        _ => null,
    };

    /// <summary>The content for <paramref name="part"/>.</summary>
    public static AIContent ToContent(ContentPart part) => part switch
    {
        TextPart text => new TextContent(text.Text),
        ToolCallPart call => ToFunctionCall(call),
        ToolResultPart result => ToFunctionResult(result),
        DataPart data => new DataContent(Convert.FromBase64String(data.Data), data.MediaType),
        ErrorPart error => new ErrorContent(error.Message),
        _ => throw new ArgumentException($"Unknown part {part?.GetType().Name ?? "null"}.", nameof(part)),
    };

    private static FunctionCallContent ToFunctionCall(ToolCallPart call)
    {
        if (call.Arguments is not { } arguments)
        {
            return new FunctionCallContent(call.CallId, call.Name);
        }

        if (arguments.ValueKind != JsonValueKind.Object)
        {
            return new FunctionCallContent(call.CallId, call.Name)
            {
                AdditionalProperties = new() { [RawArgumentsKey] = arguments.Clone() },
            };
        }

        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in arguments.EnumerateObject())
        {
            values[property.Name] = property.Value.Clone();
        }

        return new FunctionCallContent(call.CallId, call.Name, values);
    }

    private static FunctionResultContent ToFunctionResult(ToolResultPart result)
    {
        var content = new FunctionResultContent(result.CallId, result.Result?.Clone());
        if (result.IsError)
        {
            content.AdditionalProperties = new() { [IsErrorKey] = true };
        }

        return content;
    }

    private static JsonElement? ArgumentsOf(FunctionCallContent call)
    {
        if (call.AdditionalProperties?.TryGetValue(RawArgumentsKey, out var raw) == true && raw is JsonElement element)
        {
            return element;
        }

        return call.Arguments is null
            ? null
            : JsonSerializer.SerializeToElement(call.Arguments, s_json.GetTypeInfo(typeof(IDictionary<string, object?>)));
    }

    private static JsonElement? ResultOf(FunctionResultContent result) => result.Result switch
    {
        null => null,
        JsonElement element => element,
        var value => JsonSerializer.SerializeToElement(value, s_json.GetTypeInfo(value.GetType())),
    };

    private static bool IsError(FunctionResultContent result) =>
        result.Exception is not null
        || (result.AdditionalProperties?.TryGetValue(IsErrorKey, out var flag) == true && flag is true);
}
