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

    private static TrainingRun External() =>
        TrainingRun.CreateExternal(Guid.NewGuid(), "ext", "pytorch", "{}", new RunHardware(), [], Guid.NewGuid(), T0);

    [Fact]
    public void ReportExternal_ChangesNothing_WhenTheRunIsAlreadyWhereTheReportPutsIt()
    {
        var run = External();
        Assert.Equal(RunReportOutcome.Moved, run.ReportExternal(ExternalRunStatus.Finished, T0.AddSeconds(5)));
        Assert.Equal(RunReportOutcome.Unchanged, run.ReportExternal(ExternalRunStatus.Finished, T0.AddSeconds(9)));
        Assert.Equal(TrainingRunState.Completed, run.State);
        Assert.Equal(T0.AddSeconds(5), run.FinishedAt);
        Assert.Equal(RunReportOutcome.Unchanged, run.ReportExternal(ExternalRunStatus.Killed, T0.AddSeconds(9)));
    }

    [Fact]
    public void ReportExternal_ReopensAnEndedRun_WhenAnotherEndIsReported()
    {
        var run = External();
        run.ReportExternal(ExternalRunStatus.Failed, T0.AddSeconds(1), failureReason: "oom");
        Assert.Equal("oom", run.FailureReason);
        Assert.Equal(RunReportOutcome.Moved, run.ReportExternal(ExternalRunStatus.Finished, T0.AddSeconds(2), new Dictionary<string, double> { ["loss"] = double.NaN }));
        Assert.Equal(TrainingRunState.Completed, run.State);
        Assert.Null(run.FailureReason);
        Assert.True(double.IsNaN(run.FinalMetrics["loss"]));
    }

    [Fact]
    public void ReportExternal_OnlyCancelsARunLodestoneTrains()
    {
        var run = Running();
        Assert.Throws<InvalidInputException>(() => run.ReportExternal(ExternalRunStatus.Finished, T0));
        Assert.Equal(RunReportOutcome.CancelRequested, run.ReportExternal(ExternalRunStatus.Killed, T0));
        Assert.Equal(TrainingRunState.Running, run.State);
        Assert.Equal(RunReportOutcome.Moved, Queued().ReportExternal(ExternalRunStatus.Killed, T0));
    }

    [Fact]
    public void TryClaim_TakesAQueuedRunOrAStaleOne_AndNoOther()
    {
        var stale = TimeSpan.FromMinutes(1);
        var run = Queued();
        Assert.Equal(RunClaim.Claimed, run.TryClaim("w1", new RunHardware(), T0, stale));
        Assert.True(run.IsHeldBy(1));
        Assert.Equal(RunClaim.NotClaimable, run.TryClaim("w2", new RunHardware(), T0.AddSeconds(30), stale));
        Assert.Equal(RunClaim.Claimed, run.TryClaim("w2", new RunHardware(), T0.AddMinutes(2), stale));
        Assert.Equal("w2", run.Worker);
        Assert.False(run.IsHeldBy(1));
        Assert.True(run.IsHeldBy(2));
        Assert.Equal(RunClaim.NotClaimable, External().TryClaim("w1", new RunHardware(), T0, stale));
    }
}
