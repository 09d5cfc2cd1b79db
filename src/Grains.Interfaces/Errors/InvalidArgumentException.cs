namespace Threads.Grains;

/// <summary>A request or one of its fields is invalid (400).</summary>
[GenerateSerializer]
[Alias("threads.InvalidArgumentException")]
public sealed class InvalidArgumentException : ThreadsException
{
    /// <summary>Creates the error.</summary>
    public InvalidArgumentException(string message, IReadOnlyList<FieldError>? errors = null)
        : base(ErrorCodes.InvalidArgument, message, errors)
    {
    }

    /// <summary>Creates the error for one field.</summary>
    public static InvalidArgumentException ForField(string path, string message) => new($"{path}: {message}", [new FieldError(path, message)]);
}
