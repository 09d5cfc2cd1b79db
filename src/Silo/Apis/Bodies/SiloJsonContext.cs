using System.Text.Json;
using System.Text.Json.Serialization;
using Threads.Grains.Serialization;

namespace Threads.Silo.Apis.Bodies;

/// <summary>
/// The wire types only the silo writes or reads (health, state bodies, the namespace and schema pages); <see cref="ThreadsJsonContext"/>
/// holds the rest. It declares no options of its own: <see cref="Contract"/> binds it to that context's, the one set of the
/// contract's JSON options, which <see cref="UseContract"/> gives the HTTP layer too.
/// </summary>
[JsonSerializable(typeof(HealthStatus))]
[JsonSerializable(typeof(StateBody))]
[JsonSerializable(typeof(StateSchemaPage))]
[JsonSerializable(typeof(NamespacePage))]
internal sealed partial class SiloJsonContext : JsonSerializerContext
{
    /// <summary>The silo's wire types under the contract's options; <see cref="JsonSerializerContext"/>'s <c>Default</c> has the serializer's defaults instead, and is not used.</summary>
    public static SiloJsonContext Contract { get; } = new(new JsonSerializerOptions(ThreadsJsonContext.Default.Options));

    /// <summary>Makes <paramref name="http"/> (the HTTP layer's options) the contract's: its settings, and the types of both contexts.</summary>
    public static void UseContract(JsonSerializerOptions http)
    {
        var contract = ThreadsJsonContext.Default.Options;
        http.PropertyNamingPolicy = contract.PropertyNamingPolicy;
        http.PropertyNameCaseInsensitive = contract.PropertyNameCaseInsensitive;
        http.DefaultIgnoreCondition = contract.DefaultIgnoreCondition;
        http.UnmappedMemberHandling = contract.UnmappedMemberHandling;
        http.NumberHandling = contract.NumberHandling;
        http.RespectNullableAnnotations = contract.RespectNullableAnnotations;
        http.RespectRequiredConstructorParameters = contract.RespectRequiredConstructorParameters;
        http.AllowOutOfOrderMetadataProperties = contract.AllowOutOfOrderMetadataProperties;
        foreach (var converter in contract.Converters)
        {
            http.Converters.Add(converter);
        }

        http.TypeInfoResolverChain.Insert(0, ThreadsJsonContext.Default);
        http.TypeInfoResolverChain.Insert(1, Contract);
    }
}
