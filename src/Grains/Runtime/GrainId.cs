namespace Threads.Grains.Runtime;

/// <summary>Identifies one grain: its interface, namespace and key.</summary>
/// <param name="Interface">The grain interface.</param>
/// <param name="Namespace">The namespace.</param>
/// <param name="Key">The key within the namespace.</param>
public readonly record struct GrainId(Type Interface, string Namespace, string Key)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Interface.Name}/{Namespace}/{Key}";
}
