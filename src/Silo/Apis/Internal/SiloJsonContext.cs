using System.Text.Json;
using System.Text.Json.Serialization;
using Threads.Grains.Serialization;

namespace Threads.Silo.Apis.Internal;

/// <summary>The wire types only the silo writes or reads (health, state bodies, the namespace and schema pages), with the options of <see cref="ThreadsJsonContext"/>, which holds the rest.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    NumberHandling = JsonNumberHandling.Strict,
    Converters = [typeof(UtcTimestampJsonConverter)])]
[JsonSerializable(typeof(HealthStatus))]
[JsonSerializable(typeof(StateBody))]
[JsonSerializable(typeof(StateSchemaPage))]
[JsonSerializable(typeof(NamespacePage))]
internal sealed partial class SiloJsonContext : JsonSerializerContext;
