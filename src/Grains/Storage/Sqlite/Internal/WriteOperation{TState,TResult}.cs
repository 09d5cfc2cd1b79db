namespace Threads.Grains.Storage.Sqlite.Internal;

/// <summary>A write with its state and result; the step is a static lambda, so queuing a write allocates only this object and its task.</summary>
internal sealed class WriteOperation<TState, TResult>(
    TState state,
    Func<SqliteWriter, TState, (bool Keep, TResult Result)> step,
    CancellationToken cancellationToken) : WriteOperation
{
    // Completed on the writer's or the WAL sync's thread, and the caller's continuation runs right there: a caller's
    // next write is queued before that thread moves on, with no hop through the thread pool, which costs more than
    // the commit's own statements. So a continuation must not block on the store.
    private readonly TaskCompletionSource<TResult> _completion = new();
    private TResult? _result;
    private Exception? _error;

    public Task<TResult> Task => _completion.Task;

    public override bool IsCanceled => cancellationToken.IsCancellationRequested;

    public override bool Execute(SqliteWriter writer)
    {
        var (keep, result) = step(writer, state);
        _result = result;
        return keep;
    }

    public override void SetError(Exception error) => _error = error;

    public override void ClearError() => _error = null;

    public override void Complete()
    {
        if (_error is null)
        {
            _completion.TrySetResult(_result!);
        }
        else
        {
            _completion.TrySetException(_error);
        }
    }

    public override void Fail(Exception error) => _completion.TrySetException(error);

    public override void Cancel() => _completion.TrySetCanceled(cancellationToken);
}
