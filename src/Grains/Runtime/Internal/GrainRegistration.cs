namespace Threads.Grains.Runtime.Internal;

/// <summary>How to make a grain class's instance and the in-process reference of its interface.</summary>
internal sealed record GrainRegistration(
    Func<IServiceProvider, Grain> CreateGrain,
    Func<GrainRuntime, GrainId, object> CreateReference,
    Func<string, bool> IsValidKey);
