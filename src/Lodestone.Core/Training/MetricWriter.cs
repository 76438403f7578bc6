using System.Threading.Channels;
using Lodestone.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lodestone.Training;

/// <summary>
/// Group commit for metric writes. Concurrent callers queue their rows; one writer takes everything waiting (up to
/// <see cref="MaxRowsPerCommit"/>), writes it in one transaction and only then completes each caller, so a caller that
/// has been answered has its metrics committed, never before. Twenty scripts posting a metric each pay for one
/// transaction together instead of twenty in a row. When a group fails, its writes are retried one by one, so a bad
/// write fails only its own caller.
/// </summary>
public sealed class MetricWriter : IAsyncDisposable
{
    /// <summary>Bounds how long the callers of one group wait for each other: a few log-batches of 1,000.</summary>
    public const int MaxRowsPerCommit = 20_000;

    private readonly IServiceScopeFactory _scopes;
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    // Decided at the first commit (the database is not known before the first scope): SQLite's own path, or null.
    private SqliteMetricCommit? _sqlite;
    private bool _providerKnown;

    public MetricWriter(IServiceScopeFactory scopes)
    {
        _scopes = scopes;
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>
    /// Completes when the transaction holding the rows has committed. Cancelling stops the wait, not the write: rows
    /// already queued are written.
    /// </summary>
    public Task WriteAsync(Guid runId, IReadOnlyCollection<MetricValue> metrics, CancellationToken cancellationToken = default)
    {
        var write = new PendingWrite(runId, metrics);
        if (!_queue.Writer.TryWrite(write)) throw new ObjectDisposedException(nameof(MetricWriter));
        return write.Committed.Task.WaitAsync(cancellationToken);
    }

    private async Task WriteLoopAsync()
    {
        var group = new List<PendingWrite>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            group.Clear();
            var rows = 0;
            while (rows < MaxRowsPerCommit && _queue.Reader.TryRead(out var write))
            {
                group.Add(write);
                rows += write.Metrics.Count;
            }
            await CommitAsync(group);
        }
    }

    private async Task CommitAsync(List<PendingWrite> group)
    {
        try
        {
            var writes = group.Select(w => (w.RunId, w.Metrics));
            if (!_providerKnown) await ChooseProviderAsync();
            if (_sqlite is not null) await _sqlite.WriteAsync(writes);
            else
            {
                await using var scope = _scopes.CreateAsyncScope();
                await MetricUpsert.WriteAsync(scope.ServiceProvider.GetRequiredService<LodestoneDb>(), writes, CancellationToken.None);
            }
        }
        catch (Exception) when (group.Count > 1)
        {
            foreach (var write in group) await CommitAsync([write]);
            return;
        }
        catch (Exception e)
        {
            group[0].Committed.TrySetException(e);
            return;
        }
        foreach (var write in group) write.Committed.TrySetResult();
    }

    private async Task ChooseProviderAsync()
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LodestoneDb>();
        if (db.Database.IsSqlite()) _sqlite = new SqliteMetricCommit(db.Database.GetConnectionString()!);
        _providerKnown = true;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
        _sqlite?.Dispose();
    }

    private sealed record PendingWrite(Guid RunId, IReadOnlyCollection<MetricValue> Metrics)
    {
        // Callers continue on the thread pool, not on the writer's loop.
        public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
