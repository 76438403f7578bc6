using Lodestone.Training;

namespace Lodestone.Training;

public class TrainingRunTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);

    private static TrainingRun Queued() =>
        TrainingRun.CreateInternal(Guid.NewGuid(), "run", "isolation-forest", "{}", [Guid.NewGuid()], Guid.NewGuid(), T0);

    private static TrainingRun Running()
    {
        var run = Queued();
        run.Prepare("worker-1", new RunHardware(), T0);
        run.Start(T0);
        return run;
    }

    [Fact]
    public void A_run_goes_from_queued_through_preparing_and_running_to_completed()
    {
        var run = Queued();
        Assert.Equal(TrainingRunState.Queued, run.State);
        run.Prepare("worker-1", new RunHardware { Cores = 2 }, T0);
        Assert.Equal(TrainingRunState.Preparing, run.State);
        Assert.Equal(1, run.Attempt);
        run.Start(T0.AddSeconds(1));
        run.Complete(new Dictionary<string, double> { ["accuracy"] = 0.9 }, T0.AddSeconds(11));
        Assert.Equal(TrainingRunState.Completed, run.State);
        Assert.True(run.IsFinal);
        Assert.Equal(TimeSpan.FromSeconds(10), run.Duration(T0.AddHours(1)));
        Assert.Equal(0.9, run.FinalMetrics["accuracy"]);
    }

    [Fact]
    public void Start_Throws_WhenTheRunWasNotPrepared()
    {
        var run = Queued();
        var error = Assert.Throws<InvalidRunTransitionException>(() => run.Start(T0));
        Assert.Equal(TrainingRunState.Queued, error.From);
        Assert.Equal(TrainingRunState.Queued, run.State);
    }

    [Fact]
    public void Complete_Throws_WhenTheRunWasCancelled()
    {
        var run = Queued();
        run.RequestCancel(T0);
        Assert.Throws<InvalidRunTransitionException>(() => run.Complete(new Dictionary<string, double>(), T0));
        Assert.Equal(TrainingRunState.Cancelled, run.State);
    }

    [Fact]
    public void Fail_RecordsTheReason()
    {
        var run = Running();
        run.Fail("out of memory", T0.AddMinutes(1));
        Assert.Equal(TrainingRunState.Failed, run.State);
        Assert.Equal("out of memory", run.FailureReason);
        Assert.Throws<InvalidRunTransitionException>(() => run.Fail("again", T0));
    }

    [Fact]
    public void RequestCancel_CancelsAtOnce_WhenNoWorkerHoldsTheRun()
    {
        var run = Queued();
        run.RequestCancel(T0);
        Assert.Equal(TrainingRunState.Cancelled, run.State);
    }

    [Fact]
    public void RequestCancel_OnlyMarksTheRun_WhenAWorkerIsTrainingIt()
    {
        var run = Running();
        run.RequestCancel(T0);
        Assert.Equal(TrainingRunState.Running, run.State);
        Assert.True(run.IsCancelRequested);
        run.Cancel(T0.AddSeconds(1));
        Assert.Equal(TrainingRunState.Cancelled, run.State);
    }

    [Fact]
    public void An_interrupted_run_is_queued_again_and_counts_a_second_attempt()
    {
        var run = Running();
        run.ReportProgress(3, 10, T0.AddSeconds(3));
        run.Interrupt(T0.AddSeconds(4));
        Assert.Equal(TrainingRunState.Interrupted, run.State);
        Assert.Throws<InvalidRunTransitionException>(() => run.Start(T0));
        run.Requeue();
        Assert.Equal(TrainingRunState.Queued, run.State);
        run.Prepare("worker-2", new RunHardware(), T0.AddSeconds(5));
        Assert.Equal(2, run.Attempt);
        Assert.Equal("worker-2", run.Worker);
    }

    [Fact]
    public void Requeue_Throws_WhenTheRunWasNotInterrupted()
    {
        var run = Running();
        Assert.Throws<InvalidRunTransitionException>(run.Requeue);
    }

    [Fact]
    public void ReportProgress_EstimatesTheFinishFromThePaceOfTheAttempt()
    {
        var run = Running();
        run.ReportProgress(2, 10, T0.AddSeconds(4));
        Assert.Equal(T0.AddSeconds(20), run.EstimatedFinishAt);
    }

    [Fact]
    public void ObserveMonitored_KeepsTheBestStepInTheMetricsDirection()
    {
        var run = Running();
        run.Monitor("val_loss", MetricGoal.Minimize);
        Assert.True(run.ObserveMonitored(0, 0.9));
        Assert.True(run.ObserveMonitored(1, 0.5));
        Assert.False(run.ObserveMonitored(2, 0.7));
        Assert.Equal(1, run.BestStep);
        Assert.Equal(0.5, run.BestValue);
    }

    [Fact]
    public void Resume_QueuesAFailedRunAgain_ButNotAnExternalOne()
    {
        var run = Running();
        run.Fail("disk full", T0);
        run.Resume();
        Assert.Equal(TrainingRunState.Queued, run.State);
        Assert.Null(run.FailureReason);

        var external = TrainingRun.CreateExternal(Guid.NewGuid(), "ext", "pytorch", "{}", new RunHardware(), [], Guid.NewGuid(), T0);
        external.Fail("crashed", T0);
        Assert.Throws<InvalidRunTransitionException>(external.Resume);
    }

    [Fact]
    public void SetParam_Throws_WhenAParamWouldChange()
    {
        var run = Running();
        run.SetParam("lr", "0.01");
        run.SetParam("lr", "0.01");
        Assert.Throws<InvalidInputException>(() => run.SetParam("lr", "0.1"));
    }
}
