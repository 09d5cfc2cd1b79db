using System.Text.Json;
using Threads.Grains.Runtime;

namespace Threads.Grains.State.Internal;

/// <summary>The in-process <see cref="IStateSchemaGrain"/>: each call is a turn of the activation.</summary>
internal sealed class StateSchemaGrainReference(GrainRuntime runtime, GrainId id) : GrainReference<IStateSchemaGrain>(runtime, id), IStateSchemaGrain
{
    public Task<StateSchemaInfo> PutAsync(JsonElement schema, CancellationToken cancellationToken = default) =>
        InvokeAsync(static (g, s, ct) => g.PutAsync(s, ct), schema, cancellationToken);

    public Task<StateSchemaInfo> GetAsync(CancellationToken cancellationToken = default) =>
        InvokeAsync(static (g, _, ct) => g.GetAsync(ct), 0, cancellationToken);
}
