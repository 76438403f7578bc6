using System.Globalization;
using System.Text;
using Lodestone.Datasets;

namespace Lodestone.Tests.Datasets;

/// <summary>The common shapes of recordings (time formats, interleaved sensors, separators) and non-numeric values, on both paths.</summary>
public sealed partial class FastCsvImportTests
{
    /// <summary>A magnetometer file of <paramref name="sensors"/> interleaved sensors, each 100 Hz and a millisecond apart.</summary>
    private static string Shaped(string time, int sensors, char separator, int rows = 3_000)
    {
        var csv = new StringBuilder(string.Join(separator, CsvMapping.MagnetometerColumns) + "\n");
        var origin = new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < rows; i++)
        {
            var sensor = i % sensors;
            var t = origin.AddTicks(i / sensors * (time == "s" ? TimeSpan.TicksPerSecond : 100_000) + sensor * (time == "s" ? 0 : TimeSpan.TicksPerMillisecond));
            var micros = (t - DateTime.UnixEpoch).Ticks / 10;
            var stamp = time switch
            {
                "iso" => t.ToString("yyyy-MM-ddTHH:mm:ss.ffffff", CultureInfo.InvariantCulture),
                "iso-z" => t.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
                "iso+02" => t.AddHours(2).ToString("yyyy-MM-ddTHH:mm:ss.fff+02:00", CultureInfo.InvariantCulture),
                "iso-0130" => t.AddMinutes(-90).ToString("yyyy-MM-dd HH:mm:ss.ffffff-0130", CultureInfo.InvariantCulture),
                "s" => (micros / 1_000_000).ToString(CultureInfo.InvariantCulture),
                "s-frac" => (micros / 1e6).ToString("F3", CultureInfo.InvariantCulture),
                "ms" => (micros / 1_000).ToString(CultureInfo.InvariantCulture),
                "ms-frac" => (micros / 1e3 + 0.25).ToString("F2", CultureInfo.InvariantCulture),
                _ => micros.ToString(CultureInfo.InvariantCulture),
            };
            string[] fields = [stamp, (19_500 + sensor * 40 + Math.Cos(i / 70.0) * 5).ToString("F3", CultureInfo.InvariantCulture),
                (1_200 + Math.Sin(i / 30.0)).ToString("F3", CultureInfo.InvariantCulture), (45_000 + i % 17).ToString(CultureInfo.InvariantCulture),
                "52.37", "4.89", "12.5", "0.01", "0.02", "1.57", $"mag-{sensor + 1:00}"];
            csv.Append(string.Join(separator, fields)).Append('\n');
        }
        return csv.ToString();
    }

    [Theory]
    [InlineData("iso", 1, ',')]
    [InlineData("iso-z", 3, ',')]
    [InlineData("iso+02", 1, ',')]
    [InlineData("iso+02", 3, ';')]
    [InlineData("iso-0130", 2, ',')]
    [InlineData("s", 3, ',')]
    [InlineData("s-frac", 3, ';')]
    [InlineData("ms", 3, ',')]
    [InlineData("ms-frac", 1, ';')]
    [InlineData("us", 3, ',')]
    public async Task CommonShape_IsReadByTheFastPath_AndStoredAlike(string time, int sensors, char separator)
    {
        var result = await ImportBoth($"shape-{time}.csv", Shaped(time, sensors, separator));

        Assert.Equal(3_000, result.Profile.RowCount);
        Assert.Equal(sensors, result.Profile.SensorIds.Count);
    }

    [Fact]
    public async Task InterleavedSensorsWithRepeatedTimestamps_AreCountedPerSensorAlike()
    {
        // Each sensor's every tenth sample (three rows in thirty) is written twice: a repeat of its own sensor's timestamp.
        var lines = Shaped("ms", 3, ',').Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        var csv = string.Join('\n', lines.SelectMany((l, i) => i > 0 && i % 30 < 3 ? [l, l] : new[] { l })) + "\n";

        var result = await ImportBoth("repeats.csv", csv);

        Assert.Equal(300, result.DuplicateTimestamps);
        Assert.Equal(100, result.Profile.SamplingRateHz);
    }

    [Fact]
    public async Task ThreeInterleavedSensors_GetTheirTilesAndProfilesFromTheReader_AsTheExactPathStoresThem()
    {
        // Gaps differ by sensor: mag-02 has no b_x at all (its tiles and profile have none), mag-03 misses every fifth b_y.
        var lines = Shaped("ms", 3, ',', rows: 6_000).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        for (var i = 1; i < lines.Count; i++)
        {
            var sensor = (i - 1) % 3;
            if (sensor == 1) lines[i] = Replace(lines[i], 1, "");
            if (sensor == 2 && i % 5 == 0) lines[i] = Replace(lines[i], 2, "");
        }

        var result = await ImportBoth("three.csv", string.Join('\n', lines) + "\n");

        Assert.False(result.SegmentsReadBack);
        var manifest = DatasetManifest.Load(lastFastFolder);
        Assert.True(manifest.SensorPyramid);
        Assert.Equal(["mag-01", "mag-02", "mag-03"], manifest.Sensors!.Select(s => s.SensorId));
        Assert.Equal([2_000L, 2_000L, 2_000L], manifest.Sensors!.Select(s => s.Rows));
        Assert.Equal(2_000, manifest.Sensors![1].Channels.Single(c => c.Name == "b_x").Missing);
        Assert.Equal(400, manifest.Sensors![2].Channels.Single(c => c.Name == "b_y").Missing);
    }

    [Fact]
    public async Task OneNamedSensorBesideRowsWithoutOne_IsStoredAlike()
    {
        // One named sensor: a pyramid without sensors, whose tiles mix the named rows and those without a sensor.
        var lines = Shaped("ms", 1, ',').Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        for (var i = 1; i < lines.Count; i += 4) lines[i] = Replace(lines[i], 10, "");

        var result = await ImportBoth("unnamed.csv", string.Join('\n', lines) + "\n");

        Assert.Equal(["mag-01"], result.Profile.SensorIds);
        Assert.False(DatasetManifest.Load(lastFastFolder).SensorPyramid);
    }

    [Fact]
    public async Task RunsOfEqualSteps_AreCountedStepByStep_ForTheMedianStep()
    {
        // 1,000 steps of 10 ms, then 1,300 of 30 ms (and, for three sensors, each sensor's own): the median step is 30 ms.
        foreach (var sensors in new[] { 1, 3 })
        {
            var csv = new StringBuilder("time,flow,device\n");
            var t = 1_709_251_200_000L;
            for (var i = 0; i < 2_301 * sensors; i++)
            {
                csv.Append(CultureInfo.InvariantCulture, $"{t + i % sensors},{i * 0.5},pump-{i % sensors}\n");
                if (i % sensors == sensors - 1) t += i / sensors < 1_000 ? 10 : 30;
            }

            var result = await ImportBoth($"runs-{sensors}.csv", csv.ToString(), new CsvMapping("time", TimestampFormat.EpochMilliseconds, SensorIdColumn: "device"));

            Assert.Equal(1_000.0 / 30, result.Profile.SamplingRateHz!.Value, 9);
        }
    }

    private static string WithValue(string csv, int line, int field, string value)
    {
        var lines = csv.Split('\n');
        var fields = lines[line - 1].Split(',');
        fields[field] = value;
        lines[line - 1] = string.Join(',', fields);
        return string.Join('\n', lines);
    }

    [Fact]
    public async Task NonNumericValueInTheFirstLines_IsRefusedWithItsLineAndColumn_OnBothPaths()
    {
        var csv = WithValue(Shaped("iso", 1, ','), 4, 2, "ERR");

        foreach (var store in new[] { fast, exact })
        {
            var id = Guid.NewGuid();
            var error = await Assert.ThrowsAsync<ImportException>(() => store.Importer.ImportAsync(store.WriteFile("err.csv", csv), "err.csv", null, store.ProjectId, id));

            Assert.Equal("err.csv", error.FileName);
            Assert.Equal(4, error.Line);
            Assert.Equal("b_y", error.Column);
            Assert.Contains("'ERR' is not a number", error.Message);
            Assert.False(store.DatasetExists(id));
        }
    }

    [Fact]
    public async Task NonNumericValueInAGenericFile_KeepsItsColumn_AndIsRefused()
    {
        var csv = "time,flow,pressure\n" + string.Join("", Enumerable.Range(0, 50).Select(i =>
            $"{1_709_251_200 + i},{(i == 2 ? "n/a" : (i * 0.5).ToString(CultureInfo.InvariantCulture))},{i}\n"));
        var path = fast.WriteFile("generic.csv", csv);

        var inspection = CsvInspector.Inspect(path);
        var error = await Assert.ThrowsAsync<ImportException>(() => fast.Importer.ImportAsync(path, "generic.csv", null, fast.ProjectId, Guid.NewGuid()));

        Assert.Equal(["flow", "pressure"], inspection.Mapping.Channels);
        Assert.Equal(new NonNumericValue("flow", 4, "n/a"), Assert.Single(inspection.NonNumericValues!));
        Assert.Equal((4L, "flow"), (error.Line!.Value, error.Column));
    }

    [Fact]
    public async Task NonNumericValues_AreStoredAsMissing_WhenTheMappingSaysSo_OnBothPaths()
    {
        var csv = WithValue(WithValue(Shaped("iso", 1, ','), 4, 2, "ERR"), 2_500, 3, "--");
        var mapping = CsvMapping.Magnetometer(TimestampFormat.Iso8601) with { NonNumericAsMissing = true };

        var result = await ImportBoth("lenient.csv", csv, mapping, fastPathExpected: false);

        Assert.Equal(3_000, result.Profile.RowCount);
        Assert.Equal(1, result.Profile.Channels.Single(c => c.Name == "b_y").Missing);
        Assert.Equal(1, result.Profile.Channels.Single(c => c.Name == "b_z").Missing);
    }

    [Fact]
    public async Task NonNumericAsMissing_OnAPlainFile_KeepsTheFastPath_AndStoresAlike()
    {
        var mapping = CsvMapping.Magnetometer(TimestampFormat.EpochSeconds) with { NonNumericAsMissing = true };

        await ImportBoth("plain.csv", Shaped("s-frac", 3, ','), mapping);
    }
}
