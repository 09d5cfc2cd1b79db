namespace Threads.Grains;

/// <summary>A failure the API reports as a problem with a <see cref="Code"/>; the base of every typed error.</summary>
[GenerateSerializer]
[Alias("threads.ThreadsException")]
public class ThreadsException : Exception
{
    /// <summary>Creates an error with its problem code.</summary>
    public ThreadsException(string code, string message, IReadOnlyList<FieldError>? errors = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
        Errors = errors ?? [];
    }

    /// <summary>The problem code, one of <see cref="ErrorCodes"/>.</summary>
    [Id(0)]
    public string Code { get; }

    /// <summary>The failing fields, where the error names some.</summary>
    [Id(1)]
    public IReadOnlyList<FieldError> Errors { get; }

    /// <summary>The typed exception for a problem code, as a client rebuilds it from a response.</summary>
    public static ThreadsException FromCode(string code, string message, IReadOnlyList<FieldError>? errors = null) => code switch
    {
        ErrorCodes.InvalidArgument => new InvalidArgumentException(message, errors),
        ErrorCodes.NotFound => new NotFoundException(message),
        ErrorCodes.AlreadyExists => new AlreadyExistsException(message),
        ErrorCodes.Conflict => new ConflictException(message),
        ErrorCodes.PreconditionFailed => new PreconditionFailedException(message),
        ErrorCodes.PayloadTooLarge => new PayloadTooLargeException(message),
        ErrorCodes.SchemaViolation => new SchemaViolationException(message, errors ?? []),
        ErrorCodes.Locked => new LockedException(message),
        ErrorCodes.Forbidden => new ForbiddenException(message),
        ErrorCodes.StorageFull => new StorageFullException(message),
        _ => new ThreadsException(code, message, errors),
    };
}
