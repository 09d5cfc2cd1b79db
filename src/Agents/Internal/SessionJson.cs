using System.Text.Json;
using System.Text.Json.Serialization;

namespace Threads.Agents.Internal;

/// <summary>The JSON of a saved agent session.</summary>
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class SessionJson : JsonSerializerContext;
