namespace Threads.Silo.Auth;

/// <summary>What an API key may do in its namespaces; each role includes the ones before it.</summary>
public enum ApiKeyRole
{
    /// <summary>Reads only: GET (and HEAD) requests.</summary>
    Read,

    /// <summary>Every thread operation: create, append, update, delete, clone, trim, state, locks, runs, files.</summary>
    Write,

    /// <summary>Also the namespace-wide operations: registering state schemas, cleanup and import.</summary>
    Admin,
}
