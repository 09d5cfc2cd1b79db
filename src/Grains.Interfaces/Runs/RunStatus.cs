using System.Text.Json.Serialization;

namespace Threads.Grains;

/// <summary>Where a run is: running, completed, failed, or interrupted (its lease lapsed).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RunStatus>))]
[GenerateSerializer]
[Alias("threads.RunStatus")]
public enum RunStatus
{
    /// <summary>Running, with a live lease.</summary>
    [JsonStringEnumMemberName("running")]
    Running,

    /// <summary>Ended well.</summary>
    [JsonStringEnumMemberName("completed")]
    Completed,

    /// <summary>Ended with an error.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,

    /// <summary>Its lease lapsed without a checkpoint or an end: the agent's process is presumed gone; resume it.</summary>
    [JsonStringEnumMemberName("interrupted")]
    Interrupted,
}
