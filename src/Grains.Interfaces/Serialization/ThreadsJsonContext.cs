using System.Text.Json;
using System.Text.Json.Serialization;
using Threads.Grains.Http;

namespace Threads.Grains.Serialization;

/// <summary>The source-generated JSON contract of the API: camelCase, nulls omitted, unknown fields rejected.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    AllowOutOfOrderMetadataProperties = true,
    RespectRequiredConstructorParameters = true,
    RespectNullableAnnotations = true,
    NumberHandling = JsonNumberHandling.Strict,
    Converters = [typeof(UtcTimestampJsonConverter)])]
[JsonSerializable(typeof(ThreadInfo))]
[JsonSerializable(typeof(ThreadMessage))]
[JsonSerializable(typeof(NewMessage))]
[JsonSerializable(typeof(ContentPart))]
[JsonSerializable(typeof(CreateThreadRequest))]
[JsonSerializable(typeof(UpdateThreadRequest))]
[JsonSerializable(typeof(CloneThreadRequest))]
[JsonSerializable(typeof(TrimRequest))]
[JsonSerializable(typeof(TrimResult))]
[JsonSerializable(typeof(ThreadPage))]
[JsonSerializable(typeof(SearchPage))]
[JsonSerializable(typeof(CurrentThreadRequest))]
[JsonSerializable(typeof(CurrentThreadResult))]
[JsonSerializable(typeof(AppendMessagesRequest))]
[JsonSerializable(typeof(AppendMessagesResult))]
[JsonSerializable(typeof(MessagePage))]
[JsonSerializable(typeof(FieldError))]
[JsonSerializable(typeof(IReadOnlyList<ThreadMessage>))]
[JsonSerializable(typeof(IReadOnlyList<ContentPart>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(Dictionary<string, string?>))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(ThreadStateSnapshot))]
[JsonSerializable(typeof(StateChangeResult))]
[JsonSerializable(typeof(StateSchemaInfo))]
[JsonSerializable(typeof(LockInfo))]
[JsonSerializable(typeof(LockStatus))]
[JsonSerializable(typeof(AcquireLockRequest))]
[JsonSerializable(typeof(RunInfo))]
[JsonSerializable(typeof(RunPage))]
[JsonSerializable(typeof(StartRunRequest))]
[JsonSerializable(typeof(CheckpointRequest))]
[JsonSerializable(typeof(EndRunRequest))]
[JsonSerializable(typeof(CheckpointInfo))]
[JsonSerializable(typeof(ThreadEvent))]
[JsonSerializable(typeof(ThreadFileInfo))]
[JsonSerializable(typeof(ThreadFileList))]
[JsonSerializable(typeof(CleanupRequest))]
[JsonSerializable(typeof(CleanupResult))]
[JsonSerializable(typeof(CreateThreadBody))]
[JsonSerializable(typeof(CleanupBody))]
[JsonSerializable(typeof(Problem))]
public sealed partial class ThreadsJsonContext : JsonSerializerContext;
