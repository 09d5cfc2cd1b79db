using System.Text.Json;
using System.Text.Json.Serialization;
using Threads.Grains.Serialization;

namespace Threads.Silo.Apis.Internal;

/// <summary>The silo's own wire types, with the options of <see cref="ThreadsJsonContext"/>.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    NumberHandling = JsonNumberHandling.Strict,
    Converters = [typeof(UtcTimestampJsonConverter)])]
[JsonSerializable(typeof(Problem))]
[JsonSerializable(typeof(HealthStatus))]
[JsonSerializable(typeof(CreateThreadBody))]
[JsonSerializable(typeof(StateBody))]
[JsonSerializable(typeof(CleanupBody))]
[JsonSerializable(typeof(StateSchemaPage))]
[JsonSerializable(typeof(NamespacePage))]
internal sealed partial class SiloJsonContext : JsonSerializerContext;
