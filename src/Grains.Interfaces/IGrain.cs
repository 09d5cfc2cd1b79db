namespace Threads.Grains;

/// <summary>Marks a grain interface: a virtual actor found by its namespace and key.</summary>
public interface IGrain;
