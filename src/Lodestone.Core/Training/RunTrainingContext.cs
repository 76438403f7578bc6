using System.Collections.Concurrent;
using Lodestone.Trainers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lodestone.Training;

/// <summary>
/// What a trainer reports to while the job engine runs it. Metrics and checkpoints are written before the call returns
/// (a checkpoint is durable only after the metrics of its step are), so a killed worker loses no completed epoch. Log
/// lines and progress are batched and written once per <see cref="RunExecutorOptions.FlushInterval"/>, together with
/// the heartbeat and a look at whether someone asked the run to stop.
/// </summary>
internal sealed class RunTrainingContext : ITrainingContext, IAsyncDisposable
{
    private readonly IServiceScopeFactory _scopes;
    private readonly RunFiles _files;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly Guid _runId;
    private readonly Guid _projectId;
    private readonly string? _monitor;
    private readonly int _attempt;
    private readonly CancellationTokenSource _cancel;
    private readonly CancellationTokenSource _stopLoop = new();
    private readonly ConcurrentQueue<(DateTime, TrainingLogLevel, string)> _logs = new();
    // Metrics and checkpoints are written one at a time, in the trainer's order; the heartbeat has a gate of its own, so
    // that a slow metric write never makes the run look dead (it once did, through a publish that waited for a browser).
    private readonly SemaphoreSlim _writes = new(1, 1);
    private readonly SemaphoreSlim _heartbeat = new(1, 1);
    // Log lines go out in order whether the heartbeat or a checkpoint writes them.
    private readonly SemaphoreSlim _logWrites = new(1, 1);
    private readonly IDisposable _subscription;
    private readonly Task _loop;
    private (int Completed, int Total)? _progress;

    public RunTrainingContext(IServiceScopeFactory scopes, RunFiles files, RunEvents events, TimeProvider clock, ILogger logger,
        TrainingRun run, TimeSpan flushInterval, CancellationToken processStopping)
    {
        _scopes = scopes;
        _files = files;
        _clock = clock;
        _logger = logger;
        _runId = run.Id;
        _projectId = run.ProjectId;
        _monitor = run.MonitorMetric;
        _attempt = run.Attempt;
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(processStopping);
        LatestCheckpoint = run.CheckpointStep is null ? null : files.LatestCheckpoint(run.ProjectId, run.Id);
        // A cancel request made in this process (or relayed from another) stops the run at once; the flush loop's
        // look at the run is the fallback for a request no event announced.
        _subscription = events.Subscribe(e =>
        {
            if (e.Kind == RunEventKind.CancelRequested) RequestStop();
            return Task.CompletedTask;
        }, run.ProjectId, run.Id);
        _loop = FlushLoopAsync(flushInterval);
    }

    public CancellationToken CancellationToken => _cancel.Token;

    /// <summary>True when the run was asked to stop (as opposed to the process stopping).</summary>
    public bool StopRequested { get; private set; }

    /// <summary>
    /// True when the run is no longer this attempt's: it ended elsewhere, or recovery took it from this worker (whose
    /// heartbeat went stale) and another attempt holds it now. This worker then stops without touching the run's state.
    /// </summary>
    public bool Lost { get; private set; }

    public TrainingCheckpoint? LatestCheckpoint { get; private set; }

    private long NowMs => _clock.GetUtcNow().ToUnixTimeMilliseconds();

    public void ReportProgress(int completed, int total) => _progress = (completed, total);

    public void ReportMetrics(int step, IReadOnlyDictionary<string, double> metrics)
    {
        var now = NowMs;
        var values = metrics.Select(m => new MetricValue(m.Key, step, m.Value, now)).ToList();
        WriteNow(async scope =>
        {
            var store = scope.GetRequiredService<MetricStore>();
            await store.LogBatchAsync(_runId, _projectId, values, CancellationToken.None);
            if (_monitor is not null && metrics.ContainsKey(_monitor)) await store.RefreshBestAsync(_runId, _monitor, CancellationToken.None);
        });
    }

    public void Log(TrainingLogLevel level, string message) => _logs.Enqueue((_clock.GetUtcNow().UtcDateTime, level, message));

    public void SaveCheckpoint(TrainingCheckpoint checkpoint)
    {
        WriteNow(async scope =>
        {
            await FlushLogsAsync(scope);
            _files.SaveCheckpoint(_projectId, _runId, checkpoint);
            await scope.GetRequiredService<TrainingService>().ChangeAsync(_runId, (run, _) =>
            {
                if (run.Attempt == _attempt) run.RecordCheckpoint(checkpoint.Step);
            }, CancellationToken.None);
        });
        LatestCheckpoint = checkpoint;
    }

    /// <summary>Writes pending log lines and progress, refreshes the heartbeat, and stops the run if it was asked to.</summary>
    public async Task FlushAsync()
    {
        await _heartbeat.WaitAsync();
        try
        {
            await using var scope = _scopes.CreateAsyncScope();
            await FlushLogsAsync(scope.ServiceProvider);
            var progress = _progress;
            var run = await scope.ServiceProvider.GetRequiredService<TrainingService>().ChangeAsync(_runId, (r, at) =>
            {
                // A worker that lost the run must not keep the new attempt's heartbeat fresh or report its own progress.
                if (!IsOurs(r)) return;
                if (progress is { } p) r.ReportProgress(p.Completed, p.Total, at);
                else r.Beat(at);
            }, CancellationToken.None);
            if (progress is { } reported)
                scope.ServiceProvider.GetRequiredService<RunEvents>().Publish(
                    new RunEvent(_runId, _projectId, RunEventKind.Progress) { Completed = reported.Completed, Total = reported.Total });
            if (run is null || !IsOurs(run)) Abandon();
            else if (run.IsCancelRequested) RequestStop();
        }
        finally
        {
            _heartbeat.Release();
        }
    }

    private bool IsOurs(TrainingRun run) =>
        run.Attempt == _attempt && run.State is TrainingRunState.Preparing or TrainingRunState.Running;

    private void RequestStop()
    {
        StopRequested = true;
        _cancel.Cancel();
    }

    private void Abandon()
    {
        Lost = true;
        _cancel.Cancel();
    }

    private async Task FlushLogsAsync(IServiceProvider scope)
    {
        await _logWrites.WaitAsync();
        try
        {
            var lines = new List<(DateTime, TrainingLogLevel, string)>();
            while (_logs.TryDequeue(out var line)) lines.Add(line);
            if (lines.Count > 0)
                await scope.GetRequiredService<TrainingService>().AppendLogsAsync(_runId, _projectId, lines, CancellationToken.None);
        }
        finally
        {
            _logWrites.Release();
        }
    }

    // Trainers call the context synchronously from their own thread; the write runs on the pool and the trainer waits.
    private void WriteNow(Func<IServiceProvider, Task> write)
    {
        Task.Run(async () =>
        {
            await _writes.WaitAsync();
            try
            {
                await using var scope = _scopes.CreateAsyncScope();
                await write(scope.ServiceProvider);
            }
            finally
            {
                _writes.Release();
            }
        }).GetAwaiter().GetResult();
    }

    private async Task FlushLoopAsync(TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval, _clock);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopLoop.Token))
            {
                try
                {
                    await FlushAsync();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    _logger.LogWarning(e, "Writing progress of run {RunId} failed; trying again", _runId);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _subscription.Dispose();
        await _stopLoop.CancelAsync();
        await _loop;
        await using (var scope = _scopes.CreateAsyncScope())
            await FlushLogsAsync(scope.ServiceProvider);
        _cancel.Dispose();
        _stopLoop.Dispose();
    }
}
