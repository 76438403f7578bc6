using Lodestone.Training;
using Xunit.Abstractions;

namespace Lodestone.Cluster;

/// <summary>
/// A run trained in a worker process reaches the server's live views through PostgreSQL LISTEN/NOTIFY: the server
/// trains nothing itself and reads no metrics to publish them, so every metric and progress event of the run that its
/// in-process stream carries (the stream the Blazor pages and the SignalR hub follow) came from the worker.
/// </summary>
[Collection(AppHostsCollection.Name)]
public sealed class RunEventRelayTests(ITestOutputHelper log)
{
    [PostgresFact]
    public async Task The_server_receives_a_workers_metrics_and_progress_while_the_run_trains()
    {
        const int epochs = 4;
        await using var cluster = await ClusterHarness.StartAsync(log, "default");
        await cluster.WaitForJobServersAsync(1);
        var created = await cluster.CreateRunAsync(epochs);
        cluster.Note("run created");
        var events = cluster.RecordServerEvents(created.Id);

        var done = await cluster.WaitForRunAsync(created.Id, ClusterHarness.IsFinal);
        Assert.True(done.State == TrainingRunState.Completed, $"The run ended {done.State}: {done.FailureReason}");

        // The completion arrives through the relay too, after the run's last write; wait for it before reading the order.
        var received = await cluster.WaitForServerEventAsync(events, e => e.State == TrainingRunState.Completed);
        var completedAt = received.FindIndex(e => e.State == TrainingRunState.Completed);
        var beforeCompletion = received.Take(completedAt).ToList();
        var losses = beforeCompletion.Where(e => e.Kind == RunEventKind.Metrics).SelectMany(e => e.Metrics!).Where(m => m.Key == "loss").ToList();
        Assert.Equal(Enumerable.Range(1, epochs).Select(i => (long)i), losses.Select(m => m.Step).Order());
        var progress = beforeCompletion.Where(e => e.Kind == RunEventKind.Progress).Select(e => e.Completed).ToList();
        Assert.NotEmpty(progress);
        Assert.All(progress, p => Assert.InRange(p!.Value, 1, epochs));
        Assert.Contains(beforeCompletion, e => e.State == TrainingRunState.Running);
        Assert.Contains(beforeCompletion, e => e.Kind == RunEventKind.Logs);
    }

    [PostgresFact]
    public async Task A_cancel_requested_on_the_server_stops_the_run_in_the_worker()
    {
        const int epochs = 500;
        await using var cluster = await ClusterHarness.StartAsync(log, "default");
        await cluster.WaitForJobServersAsync(1);
        var created = await cluster.CreateRunAsync(epochs);
        await cluster.WaitForRunAsync(created.Id, r => r.Progress.Completed >= 1 || ClusterHarness.IsFinal(r));

        var response = await cluster.User.Client.PostAsync($"/api/projects/{cluster.ProjectId}/runs/{created.Id}/cancel", null);
        response.EnsureSuccessStatusCode();

        var done = await cluster.WaitForRunAsync(created.Id, ClusterHarness.IsFinal);
        Assert.Equal(TrainingRunState.Cancelled, done.State);
        Assert.InRange(done.Progress.Completed, 1, epochs - 1);
        Assert.Equal(cluster.Workers[0].WorkerName, done.Worker);
    }
}
