namespace Threads.Grains;

/// <summary>The state does not satisfy the thread's schema (422); <see cref="ThreadsException.Errors"/> names every failing path.</summary>
[GenerateSerializer]
[Alias("threads.SchemaViolationException")]
public sealed class SchemaViolationException : ThreadsException
{
    /// <summary>Creates the error with the failing paths.</summary>
    public SchemaViolationException(string message, IReadOnlyList<FieldError> errors)
        : base(ErrorCodes.SchemaViolation, message, errors)
    {
    }
}
