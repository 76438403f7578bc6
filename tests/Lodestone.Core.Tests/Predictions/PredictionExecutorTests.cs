using Lodestone.Datasets;
using Lodestone.Models;
using Lodestone.Trainers;
using Lodestone.Trainers.Anomaly;
using Microsoft.Extensions.DependencyInjection;

namespace Lodestone.Predictions;

/// <summary>
/// Batch predictions end to end in one process: a saved model predicts over an imported recording, its per-window
/// results land in Parquet under the batch's folder only when every window is written, and its summary in the database.
/// </summary>
public sealed class PredictionExecutorTests : IAsyncLifetime
{
    private PredictionHarness _h = null!;

    public async Task InitializeAsync() => _h = await PredictionHarness.CreateAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private static readonly ModelWindow ProbeWindow = new() { Length = 50, Stride = 50, Channels = ["b_x", "b_z"], SampleRateHz = 100 };

    private async Task<ModelVersion> ProbeAsync(Guid trainedOn) =>
        await _h.RegisterAsync("probe", new WindowProbeTrainer().Load(""), ProbeWindow, trainedOn);

    [Fact]
    public async Task A_detector_batch_scores_every_window_flags_the_fault_and_summarises_what_it_wrote()
    {
        var clean = await _h.ImportAsync("clean", 2000);
        // 100 rows (two windows, 1200-1299) where b_x jumps by 300 nT and shakes by as much.
        var faulty = await _h.ImportAsync("faulty", 2000, value: (i, _) => 19_500 + Math.Cos(i / 9.0) * 5 + (i is >= 1200 and < 1300 ? 300 + 300 * Math.Sin(i * 1.7) : 0));
        var window = new ModelWindow { Length = 50, Stride = 50, Channels = ["b_x", "b_z"], SampleRateHz = 100 };
        var training = _h.Services.GetRequiredService<SampleStore>().ReadWindows(_h.ProjectId, clean.Id, window.Channels, null, null, 50, 50);
        var model = (IThresholdDetector)await new PcaDetectorTrainer().FitAsync(
            new WindowSet(training.Channels, 50, training.Values, training.StartTimes) { SampleRateHz = 100 }, new PcaDetectorOptions(), new LocalTrainingContext());
        var version = await _h.RegisterAsync("pump-detector", model, window, clean.Id);

        var batch = await _h.CreateBatchAsync(version, faulty.Id);
        await _h.Executor.ExecuteAsync(batch.Id, CancellationToken.None);

        var done = await _h.BatchAsync(batch.Id);
        var windows = _h.Results.ReadAll(_h.ProjectId, batch.Id);
        Assert.True(done.State == PredictionBatchState.Completed, $"The batch ended {done.State}: {done.Error}");
        Assert.Equal(40, windows.Count);
        Assert.Equal((40L, 40, 40), (done.WindowCount, done.ProgressCompleted, done.ProgressTotal));
        // Each window: its time range (50 samples at 100 Hz), the detector's score, and the threshold decision.
        Assert.Equal(PredictionHarness.Start.AddMilliseconds(12_000), windows[24].Start);
        Assert.Equal(windows[24].Start.AddMilliseconds(500), windows[24].End);
        Assert.All(windows, w => Assert.Equal(w.Score > model.Threshold, w.Flagged));
        Assert.True(windows[24].Flagged && windows[25].Flagged, $"Both fault windows are flagged; threshold {model.Threshold}, scores {string.Join(" ", windows.Select(w => $"{w.Score:0.000}"))}");
        Assert.Equal([24, 25], windows.Select((w, i) => (w, i)).OrderByDescending(p => p.w.Score).Take(2).Select(p => p.i).Order());
        Assert.Equal(windows.Count(w => w.Flagged), done.FlaggedCount);
        Assert.Equal((windows.Min(w => w.Score), windows.Max(w => w.Score)), (done.ScoreMin, done.ScoreMax));
        Assert.Equal(model.Threshold, done.Threshold);
        Assert.Equal(new Dictionary<string, long> { ["anomaly"] = done.FlaggedCount!.Value, ["normal"] = 40 - done.FlaggedCount.Value }, done.LabelCounts);
        // Only the published folder is left, no partial one.
        Assert.All(_h.PredictionFiles(), f => Assert.StartsWith(batch.Id.ToString("N") + "/", f + "/"));
        Assert.DoesNotContain(_h.PredictionFiles(), f => f.Contains(".partial"));

        // Zoomed out to 5 buckets: each bucket keeps its highest score, so the fault's score and flag survive.
        var view = _h.Results.Read(_h.ProjectId, batch.Id, bands: false, null, null, buckets: 5);
        Assert.False(view.Raw);
        Assert.InRange(view.Scores.Count, 4, 5);
        Assert.Equal(done.ScoreMax, view.Scores.Max(p => p.Score));
        var fault = PredictionHarness.Start.AddSeconds(12.5);
        Assert.True(view.Scores.Single(p => p.Start <= fault && fault < p.End).Flagged);
        Assert.Equal(40, view.Scores.Sum(p => p.Windows));
        // Zoomed in on the fault: the windows themselves.
        var near = _h.Results.Read(_h.ProjectId, batch.Id, bands: false, fault.AddSeconds(-1), fault.AddSeconds(1), buckets: 100);
        Assert.True(near.Raw);
        Assert.Equal(windows.Where(w => w.End >= fault.AddSeconds(-1) && w.Start < fault.AddSeconds(1)).Select(w => w.Score), near.Scores.Select(p => p.Score));
    }

    [Fact]
    public async Task Windows_of_a_multi_sensor_dataset_are_cut_sensor_by_sensor_and_merge_into_one_band_each()
    {
        var dataset = await _h.ImportAsync("three sensors", 500, sensors: 3);
        var version = await ProbeAsync(dataset.Id);

        var batch = await _h.CreateBatchAsync(version, dataset.Id);
        await _h.Executor.ExecuteAsync(batch.Id, CancellationToken.None);

        var done = await _h.BatchAsync(batch.Id);
        var windows = _h.Results.ReadAll(_h.ProjectId, batch.Id);
        Assert.Equal(PredictionBatchState.Completed, done.State);
        // 500 rows of each sensor make 10 windows of it; a window across sensors would read two b_z values ("mixed").
        Assert.Equal(new Dictionary<string, long> { ["bz-45000"] = 10, ["bz-45001"] = 10, ["bz-45002"] = 10 }, done.LabelCounts);
        Assert.All(windows, w => Assert.Equal($"bz-{45_000 + int.Parse(w.Sensor![4..])}", w.Label));
        var bands = _h.Results.Read(_h.ProjectId, batch.Id, bands: true, null, null, buckets: 1000);
        Assert.Equal(["mag-00", "mag-01", "mag-02"], bands.Bands.Select(b => b.Sensor));
        Assert.All(bands.Bands, b => Assert.Equal((PredictionHarness.Start, PredictionHarness.Start.AddSeconds(5), 10L), (b.Start, b.End, b.Windows)));
    }

    [Fact]
    public async Task A_batch_that_fails_half_way_leaves_no_results_and_says_why()
    {
        // The probe breaks on the marker at row 900, in the tenth chunk of two windows.
        var dataset = await _h.ImportAsync("marked", 1000, value: (i, _) => i == 900 ? 2e6 : 19_500);
        var version = await ProbeAsync(dataset.Id);
        _h.Executor.ChunkWindows = 2;

        var batch = await _h.CreateBatchAsync(version, dataset.Id);
        await _h.Executor.ExecuteAsync(batch.Id, CancellationToken.None);

        var failed = await _h.BatchAsync(batch.Id);
        Assert.Equal(PredictionBatchState.Failed, failed.State);
        Assert.Contains("The probe met its failure marker.", failed.Error);
        Assert.Equal(18, failed.ProgressCompleted);
        Assert.Empty(_h.PredictionFiles());
        Assert.Throws<KeyNotFoundException>(() => _h.Results.ReadAll(_h.ProjectId, batch.Id));
    }

    [Fact]
    public async Task A_batch_cancelled_while_it_predicts_stops_at_its_next_chunk_and_leaves_no_results()
    {
        var dataset = await _h.ImportAsync("long", 1000);
        var version = await ProbeAsync(dataset.Id);
        _h.Executor.ChunkWindows = 2;
        var batch = await _h.CreateBatchAsync(version, dataset.Id);
        var chunks = 0;
        // Someone presses cancel while the third chunk is predicted.
        WindowProbeTrainer.BeforePredict.Value = () =>
        {
            if (++chunks == 3) _h.Services.CreateScope().ServiceProvider.GetRequiredService<PredictionService>().CancelOrDeleteAsync(_h.ProjectId, batch.Id).GetAwaiter().GetResult();
        };

        await _h.Executor.ExecuteAsync(batch.Id, CancellationToken.None);

        var cancelled = await _h.BatchAsync(batch.Id);
        Assert.Equal((PredictionBatchState.Cancelled, 4), (cancelled.State, cancelled.ProgressCompleted));
        Assert.Equal(3, chunks);
        Assert.Empty(_h.PredictionFiles());
    }

    [Fact]
    public async Task A_version_reading_a_channel_the_dataset_lacks_is_refused_before_anything_is_queued()
    {
        var dataset = await _h.ImportAsync("plain", 200);
        var version = await _h.RegisterAsync("wide", new WindowProbeTrainer().Load(""),
            new ModelWindow { Length = 50, Stride = 50, Channels = ["b_x", "pressure", "flow"], SampleRateHz = 100 }, dataset.Id);

        var refused = await Assert.ThrowsAsync<InvalidInputException>(() => _h.CreateBatchAsync(version, dataset.Id));

        Assert.Contains("no channel 'pressure', 'flow'", refused.Message);
        Assert.Empty(_h.Enqueued);
        Assert.Empty(await _h.InScopeAsync(s => s.GetRequiredService<PredictionService>().ListAsync(_h.ProjectId)));
    }

    [Fact]
    public async Task The_job_run_twice_predicts_once()
    {
        var dataset = await _h.ImportAsync("twice", 300);
        var version = await ProbeAsync(dataset.Id);
        var batch = await _h.CreateBatchAsync(version, dataset.Id);

        await _h.Executor.ExecuteAsync(batch.Id, CancellationToken.None);
        var first = await _h.BatchAsync(batch.Id);
        await _h.Executor.ExecuteAsync(batch.Id, CancellationToken.None);

        var second = await _h.BatchAsync(batch.Id);
        Assert.Equal([batch.Id], _h.Enqueued);
        Assert.Equal((PredictionBatchState.Completed, 1, first.FinishedAt), (second.State, second.Attempt, second.FinishedAt));
        Assert.Equal(6, _h.Results.ReadAll(_h.ProjectId, batch.Id).Count);
    }

    [Fact]
    public async Task A_cancelled_batch_is_not_predicted_and_a_deleted_one_takes_its_results_along()
    {
        var dataset = await _h.ImportAsync("cancel", 300);
        var version = await ProbeAsync(dataset.Id);
        var queued = await _h.CreateBatchAsync(version, dataset.Id);
        var kept = await _h.CreateBatchAsync(version, dataset.Id);
        var service = () => _h.Services.CreateScope().ServiceProvider.GetRequiredService<PredictionService>();

        var cancelled = await service().CancelOrDeleteAsync(_h.ProjectId, queued.Id);
        await _h.Executor.ExecuteAsync(queued.Id, CancellationToken.None);
        await _h.Executor.ExecuteAsync(kept.Id, CancellationToken.None);

        Assert.Equal((PredictionBatchState.Cancelled, false), (cancelled!.Value.Batch.State, cancelled.Value.Deleted));
        Assert.False(_h.Results.Exists(_h.ProjectId, queued.Id));
        Assert.True(_h.Results.Exists(_h.ProjectId, kept.Id));
        var deleted = await service().CancelOrDeleteAsync(_h.ProjectId, kept.Id);
        Assert.True(deleted!.Value.Deleted);
        Assert.False(_h.Results.Exists(_h.ProjectId, kept.Id));
        Assert.Null(await service().FindAsync(_h.ProjectId, kept.Id));
    }
}
