using System.Text.Json.Serialization;

namespace Threads.Grains;

/// <summary>A message to append; the thread gives it its <c>seq</c>, <c>id</c> and <c>createdAt</c>.</summary>
[GenerateSerializer]
[Alias("threads.NewMessage")]
[Immutable]
public sealed record NewMessage
{
    /// <summary>Who wrote it.</summary>
    [Id(0)]
    public required MessageRole Role { get; init; }

    /// <summary>The parts; on the wire a plain string stands for one text part.</summary>
    [Id(1)]
    [JsonConverter(typeof(ContentListJsonConverter))]
    public required IReadOnlyList<ContentPart> Content { get; init; }

    /// <summary>The user who wrote or asked for it.</summary>
    [Id(2)]
    public string? UserId { get; init; }

    /// <summary>The run that produced it; defaults to the append's run.</summary>
    [Id(3)]
    public string? RunId { get; init; }

    /// <summary>Free-form string metadata (model name, token counts…).</summary>
    [Id(4)]
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>A message with one text part.</summary>
    public static NewMessage FromText(MessageRole role, string text, string? userId = null) =>
        new() { Role = role, Content = [new TextPart(text)], UserId = userId };
}
