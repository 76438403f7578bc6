using Lodestone.Sensors;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lodestone.Tests.Sensors;

public sealed class SensorConditionTests
{
    private static readonly DateTime Now = new(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan SilentAfter = TimeSpan.FromMinutes(5);

    [Fact]
    public void ConditionAt_SaysNoDataYet_WhenNoReadingEverArrived()
    {
        // Sensors registered as online (the demo did) still have nothing to show.
        var sensor = new Sensor(Guid.NewGuid(), "mag-01", SensorKind.Magnetometer, "nT") { Status = SensorStatus.Online };

        var condition = sensor.ConditionAt(Now, SilentAfter);

        Assert.False(condition.HasData);
        Assert.Equal("No data yet", condition.Text);
        Assert.NotEqual(SensorStatus.Online, condition.Status);
    }

    [Fact]
    public void ConditionAt_IsOnline_WhenTheLastReadingIsRecent()
    {
        var sensor = new Sensor(Guid.NewGuid(), "mag-01", SensorKind.Magnetometer, "nT");
        sensor.Received(3, Now.AddMinutes(-1));

        Assert.Equal(new SensorCondition(SensorStatus.Online, true, "Online"), sensor.ConditionAt(Now, SilentAfter));
    }

    [Fact]
    public void ConditionAt_IsSilentSinceTheLastReading_WhenReadingsStopped()
    {
        var sensor = new Sensor(Guid.NewGuid(), "mag-01", SensorKind.Magnetometer, "nT");
        sensor.Received(3, Now.AddHours(-2));

        var condition = sensor.ConditionAt(Now, SilentAfter);

        Assert.Equal(SensorStatus.Offline, condition.Status);
        Assert.Equal("Silent since 2026-12-01 10:00:00", condition.Text);
    }

    [Fact]
    public void ConditionAt_KeepsAMonitoringWarning_WhileReadingsArrive()
    {
        var sensor = new Sensor(Guid.NewGuid(), "mag-01", SensorKind.Magnetometer, "nT");
        sensor.Received(1, Now);
        sensor.Status = SensorStatus.Warning;

        Assert.Equal(SensorStatus.Warning, sensor.ConditionAt(Now, SilentAfter).Status);
    }

    [Fact]
    public async Task Publish_ReachesOtherSubscribers_WhileOneNeverReturns()
    {
        var events = new ReadingEvents(NullLogger<ReadingEvents>.Instance);
        var project = Guid.NewGuid();
        var stuck = new TaskCompletionSource();
        var received = new TaskCompletionSource<ReadingsArrived>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var slow = events.Subscribe(project, _ => stuck.Task);
        using var other = events.Subscribe(Guid.NewGuid(), _ => { received.TrySetException(new InvalidOperationException("another project's readings")); return Task.CompletedTask; });
        using var fast = events.Subscribe(project, arrived => { received.TrySetResult(arrived); return Task.CompletedTask; });

        for (var i = 0; i < 100; i++) events.Publish(new ReadingsArrived(project, ["mag-01"], 1, Now));

        var first = await received.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(project, first.ProjectId);
        Assert.Equal(["mag-01"], first.Sensors);
        stuck.SetResult();
    }
}
