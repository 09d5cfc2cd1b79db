using System.Text.Json.Serialization;

namespace Threads.Grains;

/// <summary>One typed part of a message's content; the <c>type</c> property says which.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(TextPart), "text")]
[JsonDerivedType(typeof(ToolCallPart), "tool_call")]
[JsonDerivedType(typeof(ToolResultPart), "tool_result")]
[JsonDerivedType(typeof(DataPart), "data")]
[JsonDerivedType(typeof(ErrorPart), "error")]
[GenerateSerializer]
[Alias("threads.ContentPart")]
[Immutable]
public abstract record ContentPart;
