using System.Text.Json;
using System.Text.Json.Serialization;
using Threads.Grains;
using Threads.Grains.Serialization;

namespace Threads.Client.Internal;

/// <summary>The client's own wire types: the create body (with the thread's id) and problems.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict,
    Converters = [typeof(UtcTimestampJsonConverter)])]
[JsonSerializable(typeof(CreateThreadBody))]
[JsonSerializable(typeof(ProblemBody))]
[JsonSerializable(typeof(NewMessage))]
[JsonSerializable(typeof(CleanupBody))]
internal sealed partial class ClientJsonContext : JsonSerializerContext;
