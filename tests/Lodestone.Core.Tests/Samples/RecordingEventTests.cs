using Lodestone.Samples;

namespace Lodestone.Samples;

public class RecordingEventTests
{
    private static RecordingOptions With(params ScriptedEvent[] events) =>
        new() { Duration = TimeSpan.FromSeconds(60), Rates = EventRates.None, Seed = 21, Events = events };

    private static Dictionary<string, double> P(params (string Name, double Value)[] parameters) =>
        parameters.ToDictionary(p => p.Name, p => p.Value);

    [Fact]
    public void VehiclePass_MovesTotalField_InsideItsWindowOnly_PeakingAtClosestApproach()
    {
        var csv = RecordingCsv.Generate(With(new ScriptedEvent(EventKind.VehiclePass, TimeSpan.FromSeconds(20),
            Parameters: P(("closest_m", 4), ("moment_am2", 400), ("speed_mps", 10)))));
        var pass = Assert.Single(csv.GroundTruth.Events);
        Assert.Equal(EventLabels.Vehicle, pass.Label);

        var outside = csv.Rows.Where(r => !pass.Contains(RecordingCsv.Time(r))).Select(RecordingCsv.Magnitude).ToList();
        double baseline = outside.Order().ElementAt(outside.Count / 2);
        double worstOutside = outside.Max(b => Math.Abs(b - baseline));
        var inside = csv.Rows.Where(r => pass.Contains(RecordingCsv.Time(r)))
            .Select(r => (Time: RecordingCsv.Time(r), Change: RecordingCsv.Magnitude(r) - baseline)).ToList();
        var peak = inside.MaxBy(s => Math.Abs(s.Change));

        Assert.True(worstOutside < 15, $"|B| strays {worstOutside:F1} nT from its median outside the pass");
        Assert.True(Math.Abs(peak.Change) > 100, $"the pass moves |B| by only {peak.Change:F1} nT");
        Assert.Equal(Math.Sign(pass.Parameters["peak_total_field_nt"]), Math.Sign(peak.Change));
        var closest = pass.Start.AddSeconds(pass.Parameters["closest_approach_s"]);
        Assert.InRange((peak.Time - closest).TotalSeconds, -1.0, 1.0);
        // Dipole-shaped: the excursion fades towards both ends of the window.
        Assert.True(Math.Abs(inside[0].Change) < Math.Abs(peak.Change) / 10);
        Assert.True(Math.Abs(inside[^1].Change) < Math.Abs(peak.Change) / 10);
    }

    [Fact]
    public void VehiclePass_ChangesShape_WithHeading()
    {
        var north = RecordingCsv.Generate(With(new ScriptedEvent(EventKind.VehiclePass, TimeSpan.FromSeconds(20),
            Parameters: P(("closest_m", 4), ("moment_am2", 400), ("speed_mps", 10), ("heading_deg", 0)))));
        var east = RecordingCsv.Generate(With(new ScriptedEvent(EventKind.VehiclePass, TimeSpan.FromSeconds(20),
            Parameters: P(("closest_m", 4), ("moment_am2", 400), ("speed_mps", 10), ("heading_deg", 90)))));

        Assert.NotEqual(north.GroundTruth.Events[0].Parameters["peak_total_field_nt"], east.GroundTruth.Events[0].Parameters["peak_total_field_nt"]);
    }

    [Fact]
    public void Motor_ShowsItsHarmonicsInTheSpectrum()
    {
        var csv = RecordingCsv.Generate(With(new ScriptedEvent(EventKind.Motor, TimeSpan.Zero, TimeSpan.FromSeconds(20),
            Parameters: P(("frequency_hz", 25), ("amplitude_nt", 10), ("harmonics", 3)))) with
        { SampleRateHz = 200, Duration = TimeSpan.FromSeconds(20) });
        var motor = Assert.Single(csv.GroundTruth.Events);
        Assert.Equal(EventLabels.Motor, motor.Label);
        bool running(DateTimeOffset t) => t >= motor.Start.AddSeconds(3) && t < motor.Start.AddSeconds(13);

        double offTone = new[] { 19.3, 31.7, 43.1, 61.9, 88.3 }.Max(f => csv.PowerAt(f, 200, running));
        foreach (double harmonic in new[] { 25.0, 50.0, 75.0 })
            Assert.True(csv.PowerAt(harmonic, 200, running) > 20 * offTone, $"no clear line at {harmonic} Hz");
    }

    [Fact]
    public void Fan_ShowsItsBladeTone_WhileRunning()
    {
        var csv = RecordingCsv.Generate(With(new ScriptedEvent(EventKind.Fan, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(40),
            Parameters: P(("frequency_hz", 5), ("amplitude_nt", 8)))));
        var fan = Assert.Single(csv.GroundTruth.Events);
        Assert.Equal(EventLabels.FanNoise, fan.Label);
        bool running(DateTimeOffset t) => t >= fan.Start.AddSeconds(5) && t < fan.End.AddSeconds(-5);
        bool off(DateTimeOffset t) => t < fan.Start;

        Assert.True(csv.PowerAt(5, 50, running) > 20 * csv.PowerAt(5, 50, off));
        Assert.True(csv.PowerAt(5, 50, running) > 20 * csv.PowerAt(8.3, 50, running));
    }

    [Fact]
    public void ElectricalHum_AppearsAtItsAlias_WithoutAntiAliasFilter()
    {
        var options = With(new ScriptedEvent(EventKind.ElectricalHum, TimeSpan.Zero, TimeSpan.FromSeconds(60),
            Parameters: P(("mains_hz", 60), ("amplitude_nt", 20)))) with { MainsFrequencyHz = 60 };
        var aliased = RecordingCsv.Generate(options);
        var filtered = RecordingCsv.Generate(options with { AntiAliasFilter = true });
        var hum = Assert.Single(aliased.GroundTruth.Events);
        bool on(DateTimeOffset t) => t >= hum.Start.AddSeconds(1) && t < hum.Start.AddSeconds(41);

        // 60 Hz sampled at 50 Hz folds to 10 Hz; the filter removes everything above 25 Hz instead.
        Assert.Equal(10, hum.Parameters["apparent_hz_1"]);
        Assert.True(aliased.PowerAt(10, 50, on) > 20 * aliased.PowerAt(7.3, 50, on));
        Assert.True(filtered.PowerAt(10, 50, on) < 2 * filtered.PowerAt(7.3, 50, on));
        Assert.DoesNotContain("apparent_hz_1", filtered.GroundTruth.Events[0].Parameters.Keys);
    }

    [Fact]
    public void Dropout_EmptiesTheFieldColumns_OfItsSensorInItsWindowOnly()
    {
        var csv = RecordingCsv.Generate(With(new ScriptedEvent(EventKind.Dropout, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2), Sensor: 1))
            with { SensorCount = 2 });
        var dropout = Assert.Single(csv.GroundTruth.Events);
        Assert.Equal("mag-02", dropout.SensorId);

        int empty = 0;
        foreach (var row in csv.Rows)
        {
            bool expected = row[10] == "mag-02" && dropout.Contains(RecordingCsv.Time(row));
            Assert.Equal(expected, row[1].Length == 0);
            Assert.Equal(expected, row[2].Length == 0 && row[3].Length == 0);
            Assert.NotEqual("", row[4]);
            if (expected) empty++;
        }
        Assert.Equal(100, empty);
    }

    [Fact]
    public void Gap_DropsRows_AndRowCountIsStillExact()
    {
        var options = With(new ScriptedEvent(EventKind.Gap, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(3))) with { RowCount = 5000 };
        var csv = RecordingCsv.Generate(options);
        var gap = Assert.Single(csv.GroundTruth.Events);

        Assert.Equal(5000, csv.Rows.Count);
        Assert.DoesNotContain(csv.Rows, r => gap.Contains(RecordingCsv.Time(r)));
        Assert.Contains(csv.Rows, r => RecordingCsv.Time(r) == gap.End);
        Assert.Equal(TimeSpan.FromSeconds(3.02), RecordingCsv.Time(csv.Rows[500]) - RecordingCsv.Time(csv.Rows[499]));
    }

    [Fact]
    public void StuckValue_RepeatsTheLastReading_ThroughItsWindow()
    {
        var csv = RecordingCsv.Generate(With(new ScriptedEvent(EventKind.StuckValue, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(4))));
        var stuck = Assert.Single(csv.GroundTruth.Events);
        var inside = csv.Rows.Where(r => stuck.Contains(RecordingCsv.Time(r))).ToList();
        int before = csv.Rows.IndexOf(inside[0]) - 1;

        Assert.Equal(200, inside.Count);
        Assert.All(inside, r => Assert.Equal(csv.Rows[before][1..4], r[1..4]));
        Assert.NotEqual(csv.Rows[before - 1][1..4], csv.Rows[before][1..4]);
        Assert.NotEqual(inside[0][1..4], csv.Rows[before + 201][1..4]);
    }

    [Fact]
    public void SpikeAndOffsetJump_ShiftTheirAxis_ByTheirAmplitude()
    {
        var csv = RecordingCsv.Generate(With(
            new ScriptedEvent(EventKind.Spike, TimeSpan.FromSeconds(10), Parameters: P(("amplitude_nt", 1500), ("axis", 0), ("samples", 1))),
            new ScriptedEvent(EventKind.OffsetJump, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), Parameters: P(("offset_nt", -120), ("axis", 2)))));
        var spike = csv.GroundTruth.Events.Single(e => e.Kind == EventKind.Spike);
        var jump = csv.GroundTruth.Events.Single(e => e.Kind == EventKind.OffsetJump);
        double Mean(int axis, Func<DateTimeOffset, bool> when) =>
            csv.Rows.Where(r => when(RecordingCsv.Time(r))).Average(r => RecordingCsv.Number(r[axis]));

        int spikeRow = csv.Rows.FindIndex(r => spike.Contains(RecordingCsv.Time(r)));
        double jumpSize = RecordingCsv.Number(csv.Rows[spikeRow][1]) - RecordingCsv.Number(csv.Rows[spikeRow - 1][1]);
        Assert.InRange(jumpSize, 1450, 1550);
        Assert.Equal(spike.End, RecordingCsv.Time(csv.Rows[spikeRow + 1]));
        // b_z: the sensor's wobble moves it least (tilting swings the big vertical field into b_x and b_y).
        double shift = Mean(3, t => t >= jump.Start && t < jump.Start.AddSeconds(1)) - Mean(3, t => t >= jump.Start.AddSeconds(-1) && t < jump.Start);
        double back = Mean(3, t => t >= jump.End && t < jump.End.AddSeconds(1)) - Mean(3, t => t >= jump.End.AddSeconds(-1) && t < jump.End);
        Assert.InRange(shift, -132, -108);
        Assert.InRange(back, 108, 132);
        Assert.Equal(EventLabels.OffsetJump, jump.Label);
        Assert.Equal(EventLabels.Anomaly, jump.Category);
    }
}
