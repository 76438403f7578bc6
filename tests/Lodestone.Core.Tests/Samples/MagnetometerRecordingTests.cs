using System.Globalization;
using Lodestone.Samples;

namespace Lodestone.Samples;

public class MagnetometerRecordingTests
{
    private static readonly RecordingOptions Quiet = new() { Duration = TimeSpan.FromSeconds(60), Rates = EventRates.None, Seed = 11 };

    [Fact]
    public void WriteCsv_StartsWithTheMagnetometerHeader()
    {
        var csv = RecordingCsv.Generate(Quiet with { Duration = TimeSpan.FromSeconds(1) });

        Assert.Equal("timestamp_pc,b_x,b_y,b_z,lat,lon,altitude,thetax,thetay,thetaz,sensor_id", csv.Header);
        Assert.All(csv.Rows, row => Assert.Equal(11, row.Length));
    }

    [Fact]
    public void WriteCsv_GivesIdenticalBytes_ForTheSameSeed()
    {
        var options = new RecordingOptions { Duration = TimeSpan.FromMinutes(3), SensorCount = 2, Seed = 5 };

        var first = RecordingCsv.Generate(options);
        var second = RecordingCsv.Generate(options);
        var otherSeed = RecordingCsv.Generate(options with { Seed = 6 });

        Assert.Equal(first.Text, second.Text);
        Assert.Equal(first.GroundTruth.Events.Select(e => (e.Kind, e.Start, e.End)), second.GroundTruth.Events.Select(e => (e.Kind, e.Start, e.End)));
        Assert.NotEqual(first.Text, otherSeed.Text);
    }

    [Fact]
    public void Generate_GivesASensorTheSameRows_WhateverTheNumberOfSensors()
    {
        var options = new RecordingOptions { Duration = TimeSpan.FromMinutes(2), Seed = 8 };

        var alone = MagnetometerRecording.Generate(options).ToList();
        var withOthers = MagnetometerRecording.Generate(options with { SensorCount = 3 }).Where(s => s.SensorId == "mag-01").ToList();

        Assert.Equal(alone, withOthers);
    }

    [Fact]
    public void Samples_StartsAfresh_OnEveryEnumeration()
    {
        var samples = MagnetometerRecording.Plan(new RecordingOptions { RowCount = 500, Seed = 12 }).Samples();

        var first = samples.ToList();
        var second = samples.ToList();

        Assert.Equal(500, first.Count);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Generate_YieldsTheSameValuesAsTheCsv()
    {
        var options = new RecordingOptions { Duration = TimeSpan.FromSeconds(30), Seed = 3 };

        var samples = MagnetometerRecording.Generate(options).ToList();
        var csv = RecordingCsv.Generate(options);

        Assert.Equal(samples.Count, csv.Rows.Count);
        for (int i = 0; i < samples.Count; i++)
        {
            Assert.Equal(samples[i].Timestamp, RecordingCsv.Time(csv.Rows[i]).UtcDateTime);
            if (samples[i].HasField) Assert.Equal(samples[i].Bz, RecordingCsv.Number(csv.Rows[i][3]), 3);
            Assert.Equal(samples[i].Latitude, RecordingCsv.Number(csv.Rows[i][4]), 7);
            Assert.Equal(samples[i].SensorId, csv.Rows[i][10]);
        }
    }

    [Fact]
    public void WriteCsv_WritesExactlyRowCountRows_OneTimeStepApartPerSensor()
    {
        var csv = RecordingCsv.Generate(new RecordingOptions { RowCount = 1234, SensorCount = 3, Seed = 2 });

        Assert.Equal(1234, csv.Rows.Count);
        var start = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        for (int i = 0; i < csv.Rows.Count; i++)
        {
            Assert.Equal(start.AddMilliseconds(20 * (i / 3)), RecordingCsv.Time(csv.Rows[i]));
            Assert.Equal($"mag-0{i % 3 + 1}", csv.Rows[i][10]);
        }
    }

    [Theory]
    [InlineData(50, 500)]
    [InlineData(200, 2000)]
    [InlineData(8, 80)]
    public void WriteCsv_CoversTheDuration_AtTheSamplingRate(double rateHz, int expectedRows)
    {
        var csv = RecordingCsv.Generate(Quiet with { Duration = TimeSpan.FromSeconds(10), SampleRateHz = rateHz });

        Assert.Equal(expectedRows, csv.Rows.Count);
        var step = TimeSpan.FromSeconds(1 / rateHz);
        Assert.Equal(step, RecordingCsv.Time(csv.Rows[1]) - RecordingCsv.Time(csv.Rows[0]));
        Assert.Equal(step * (expectedRows - 1), RecordingCsv.Time(csv.Rows[^1]) - RecordingCsv.Time(csv.Rows[0]));
    }

    [Fact]
    public void WriteCsv_WritesValuesThatParseWithTheInvariantCulture_AroundEarthsField()
    {
        var csv = RecordingCsv.Generate(new RecordingOptions { Duration = TimeSpan.FromMinutes(5), Seed = 9, Rates = EventRates.None with { DropoutsPerHour = 30, MotorRunsPerHour = 30 } });

        foreach (var row in csv.Rows)
        {
            Assert.EndsWith("Z", row[0]);
            RecordingCsv.Time(row);
            for (int column = 1; column <= 9; column++)
            {
                if (row[column].Length == 0) continue;
                Assert.True(double.TryParse(row[column], NumberStyles.Float, CultureInfo.InvariantCulture, out _), $"'{row[column]}' in column {column}");
            }
            if (row[1].Length > 0) Assert.InRange(RecordingCsv.Magnitude(row), 48_000, 51_000);
            Assert.InRange(RecordingCsv.Number(row[4]), 48.136, 48.138);
            Assert.InRange(RecordingCsv.Number(row[5]), 11.574, 11.576);
            Assert.InRange(RecordingCsv.Number(row[7]), -1.5, 1.5);
        }
    }

    [Fact]
    public void Plan_Throws_WhenAScriptedEventNamesAnUnknownParameter()
    {
        var options = Quiet with { Events = [new(EventKind.Motor, TimeSpan.Zero, Parameters: new Dictionary<string, double> { ["rpm"] = 1500 })] };

        var error = Assert.Throws<ArgumentException>(() => MagnetometerRecording.Plan(options));
        Assert.Contains("frequency_hz", error.Message);
    }

    [Fact]
    public void Plan_PlacesEveryKindAtLeastOnce_WithTheDefaultRatesOverAnHour()
    {
        var truth = MagnetometerRecording.Plan(new RecordingOptions { Duration = TimeSpan.FromHours(1), SensorCount = 2 }).GroundTruth;

        foreach (var kind in Enum.GetValues<EventKind>())
            foreach (var sensor in truth.SensorIds)
                Assert.True(truth.Events.Any(e => e.Kind == kind && e.SensorId == sensor), $"no {kind} on {sensor}");
        Assert.All(truth.Events, e => Assert.True(e.End > e.Start));
    }
}
