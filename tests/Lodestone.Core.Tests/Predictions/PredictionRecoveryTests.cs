using Lodestone.Models;
using Microsoft.Extensions.DependencyInjection;

namespace Lodestone.Predictions;

/// <summary>A batch whose worker died mid-way is taken again once its heartbeat is stale, and starts afresh.</summary>
public sealed class PredictionRecoveryTests
{
    [Fact]
    public Task A_batch_left_running_by_a_dead_worker_is_taken_again_and_its_half_written_folder_replaced() => DeadWorkerAsync(postgres: false);

    [PostgresFact]
    public Task A_batch_left_running_by_a_dead_worker_is_taken_again_on_PostgreSQL_too() => DeadWorkerAsync(postgres: true);

    private static async Task DeadWorkerAsync(bool postgres)
    {
        await using var h = await PredictionHarness.CreateAsync(staleAfter: TimeSpan.FromMilliseconds(200), postgres: postgres);
        var dataset = await h.ImportAsync("recovered", 300);
        var version = await h.RegisterAsync("probe", new WindowProbeTrainer().Load(""),
            new ModelWindow { Length = 50, Stride = 50, Channels = ["b_x", "b_z"], SampleRateHz = 100 }, dataset.Id);
        var batch = await h.CreateBatchAsync(version, dataset.Id);
        // A worker took the batch, wrote part of it and died: the batch stays running, its partial folder stays.
        await h.InScopeAsync(s => s.GetRequiredService<PredictionService>().ChangeAsync(batch.Id, b => b.TryClaim(DateTime.UtcNow, TimeSpan.FromSeconds(30))));
        var partial = h.Results.Folder(h.ProjectId, batch.Id) + Data.LodestonePaths.PartialSuffix;
        Directory.CreateDirectory(partial);
        await File.WriteAllTextAsync(Path.Combine(partial, "part-00000.parquet"), "half a file");

        await h.Executor.ExecuteAsync(batch.Id, CancellationToken.None);
        var whileAlive = await h.BatchAsync(batch.Id);
        await Task.Delay(400);
        await h.Executor.ExecuteAsync(batch.Id, CancellationToken.None);

        var done = await h.BatchAsync(batch.Id);
        Assert.Equal((PredictionBatchState.Running, 1), (whileAlive.State, whileAlive.Attempt));
        Assert.Equal((PredictionBatchState.Completed, 2, 6L), (done.State, done.Attempt, done.WindowCount));
        Assert.Equal(6, h.Results.ReadAll(h.ProjectId, batch.Id).Count);
        Assert.False(Directory.Exists(partial));
    }
}
