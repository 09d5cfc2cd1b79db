using Threads.Grains.Runtime.Internal;

namespace Threads.Grains.Runtime;

/// <summary>A grain interface registered with the runtime, with its grain class and in-process reference.</summary>
public sealed class GrainTypeRegistration
{
    private GrainTypeRegistration(Type @interface, GrainRegistration registration)
    {
        Interface = @interface;
        Registration = registration;
    }

    /// <summary>The grain interface.</summary>
    public Type Interface { get; }

    internal GrainRegistration Registration { get; }

    /// <summary>Registers <typeparamref name="TGrain"/>: how to create its class and its reference, and which keys are valid.</summary>
    public static GrainTypeRegistration Create<TGrain>(
        Func<IServiceProvider, Grain> createGrain,
        Func<GrainRuntime, GrainId, TGrain> createReference,
        Func<string, bool>? isValidKey = null)
        where TGrain : IGrain =>
        new(typeof(TGrain), new GrainRegistration(createGrain, (runtime, id) => createReference(runtime, id)!, isValidKey ?? Identifiers.IsValidId));
}
