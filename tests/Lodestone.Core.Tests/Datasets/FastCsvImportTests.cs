using System.Globalization;
using System.Text;
using Lodestone.Datasets;
using Xunit.Abstractions;

namespace Lodestone.Tests.Datasets;

/// <summary>
/// The fast C# import path against DuckDB's reader on the same files: the same stored samples, profile, notes and pyramid,
/// and DuckDB's exact error messages whenever the fast path meets something it does not read.
/// </summary>
public sealed partial class FastCsvImportTests(ITestOutputHelper output) : IDisposable
{
    // A low pyramid threshold so that small files get a pyramid, and the fast path measures them itself.
    private readonly SampleStoreFixture fast = new(new SampleStoreOptions { Threads = 2, MemoryLimitMegabytes = 256, PyramidThresholdRows = 1_000 });
    private readonly SampleStoreFixture exact = new(new SampleStoreOptions
        { Threads = 2, MemoryLimitMegabytes = 256, PyramidThresholdRows = 1_000, FastCsvImport = false });

    /// <summary>The dataset folder of the last fast import compared by <see cref="ImportBoth(string, byte[], CsvMapping?, bool)"/>.</summary>
    private string lastFastFolder = "";

    public void Dispose()
    {
        fast.Dispose();
        exact.Dispose();
    }

    private async Task<ImportResult> ImportBoth(string name, string content, CsvMapping? mapping = null, bool fastPathExpected = true) =>
        await ImportBoth(name, Encoding.UTF8.GetBytes(content), mapping, fastPathExpected);

    private async Task<ImportResult> ImportBoth(string name, byte[] content, CsvMapping? mapping, bool fastPathExpected)
    {
        var (fastId, exactId) = (Guid.NewGuid(), Guid.NewGuid());
        var quick = await fast.Importer.ImportAsync(fast.WriteFile(name, content), name, mapping, fast.ProjectId, fastId);
        var slow = await exact.Importer.ImportAsync(exact.WriteFile(name, content), name, mapping, exact.ProjectId, exactId);
        Assert.Equal(fastPathExpected, quick.FastPath);
        Assert.False(slow.FastPath);
        AssertSameResult(slow, quick);
        lastFastFolder = fast.Paths.DatasetFolder(fast.ProjectId, fastId);
        AssertSameFolder(exact.Paths.DatasetFolder(exact.ProjectId, exactId), lastFastFolder);
        return quick;
    }

    private static void AssertSameResult(ImportResult expected, ImportResult actual)
    {
        Assert.Equal(expected.Schema, actual.Schema);
        Assert.Equal(expected.Sorted, actual.Sorted);
        Assert.Equal(expected.DuplicateTimestamps, actual.DuplicateTimestamps);
        Assert.Equal(expected.DuplicateExamples, actual.DuplicateExamples);
        Assert.Equal(expected.Notes, actual.Notes);
        var (e, a) = (expected.Profile, actual.Profile);
        Assert.Equal((e.RowCount, e.StartTime, e.EndTime, e.SamplingRateHz), (a.RowCount, a.StartTime, a.EndTime, a.SamplingRateHz));
        Assert.Equal(e.SensorIds, a.SensorIds);
        AssertSameChannels(e.Channels, a.Channels);
    }

    private static void AssertSameChannels(IReadOnlyList<ChannelProfile> expected, IReadOnlyList<ChannelProfile> actual)
    {
        Assert.Equal(expected.Select(c => (c.Name, c.Min, c.Max, c.Missing, c.Derived, c.Truth)), actual.Select(c => (c.Name, c.Min, c.Max, c.Missing, c.Derived, c.Truth)));
        foreach (var (x, y) in expected.Zip(actual))
        {
            // Sums are added in a different order: equal up to rounding.
            AssertClose(x.Mean, y.Mean);
            AssertClose(x.Std, y.Std);
        }
    }

    private static string Json(DatasetManifest manifest) => System.Text.Json.JsonSerializer.Serialize(manifest);

    private static void AssertClose(double? expected, double? actual)
    {
        Assert.Equal(expected.HasValue, actual.HasValue);
        if (expected is { } x && actual is { } y) Assert.True(Math.Abs(x - y) <= 1e-9 * Math.Max(1, Math.Abs(x)), $"{x:R} vs {y:R}");
    }

    /// <summary>
    /// Same manifest (each sensor's means and deviations up to rounding), same rows in every segment and pyramid file, same
    /// column types.
    /// </summary>
    private void AssertSameFolder(string expected, string actual)
    {
        var (e, a) = (DatasetManifest.Load(expected), DatasetManifest.Load(actual));
        Assert.Equal(e.Sensors is null, a.Sensors is null);
        Assert.Equal(e.Sensors?.Select(s => s.SensorId), a.Sensors?.Select(s => s.SensorId));
        foreach (var (x, y) in (e.Sensors ?? []).Zip(a.Sensors ?? []))
        {
            Assert.Equal(x.Rows, y.Rows);
            AssertSameChannels(x.Channels, y.Channels);
        }
        Assert.Equal(Json(e with { Sensors = [] }), Json(a with { Sensors = [] }));
        using var connection = fast.Database.Connect();
        foreach (var pattern in new[] { "segment-*.parquet" }.Concat(Directory.EnumerateFiles(expected, "pyramid-*.parquet").Select(Path.GetFileName))!)
        {
            var (x, y) = ($"read_parquet({SqlText.Literal(Path.Combine(expected, pattern!))})", $"read_parquet({SqlText.Literal(Path.Combine(actual, pattern!))})");
            Assert.Equal(Types(connection, x), Types(connection, y));
            var differing = SampleDatabase.Scalar<long>(connection,
                $"SELECT (SELECT count(*) FROM (SELECT * FROM {x} EXCEPT ALL SELECT * FROM {y})) + (SELECT count(*) FROM (SELECT * FROM {y} EXCEPT ALL SELECT * FROM {x}))");
            Assert.True(differing == 0, $"{pattern}: {differing} rows differ");
            if (pattern == "segment-*.parquet")
                Assert.Equal(0, SampleDatabase.Scalar<long>(connection, $"SELECT count(*) FROM (SELECT ts < lag(ts) OVER () AS back FROM {y}) WHERE back"));
        }
        Assert.Equal(Directory.EnumerateFiles(expected).Select(Path.GetFileName).Order(), Directory.EnumerateFiles(actual).Select(Path.GetFileName).Order());
    }

    private static string Types(DuckDB.NET.Data.DuckDBConnection connection, string source)
    {
        using var reader = DatasetSealer.Query(connection, $"SELECT string_agg(column_name || ' ' || column_type, ', ') FROM (DESCRIBE SELECT * FROM {source})");
        reader.Read();
        return reader.GetString(0);
    }

    private static string Magnetometer(int rows, Func<int, string, string>? edit = null)
    {
        var lines = SampleStoreFixture.MagnetometerCsv(rows).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return string.Join('\n', lines.Select((line, i) => i == 0 || edit is null ? line : edit(i, line))) + "\n";
    }

    [Fact]
    public async Task MagnetometerFile_IsStoredAndMeasuredAlike()
    {
        var result = await ImportBoth("mag.csv", Magnetometer(5_000));

        Assert.Equal(5_000, result.Profile.RowCount);
        Assert.Contains(result.Profile.Channels, c => c.Name == "|B|" && c.Derived);
    }

    [Fact]
    public async Task EpochSecondsAndCrLfLines_AreStoredAlike()
    {
        var csv = SampleStoreFixture.MagnetometerCsv(3_000, epochSeconds: true).Replace("\n", "\r\n");
        await ImportBoth("mag-epoch.csv", csv);
    }

    [Fact]
    public async Task MissingAndNonFiniteValues_AreStoredAlike()
    {
        // Empty fields are read by the fast path; 'nan' hands the file to DuckDB's reader: the same result either way.
        await ImportBoth("gaps.csv", Magnetometer(3_000, (i, line) => i % 7 == 0 ? Blank(line, 1 + i % 9) : line));
        await ImportBoth("nan.csv", Magnetometer(2_000, (i, line) => i == 1_500 ? Replace(line, 2, "nan") : line), fastPathExpected: false);
    }

    [Fact]
    public async Task DuplicatedTimestamps_AreKeptAndReportedAlike()
    {
        var csv = Magnetometer(3_000, (i, line) => i % 500 == 0 ? line + "\n" + line : line);
        var result = await ImportBoth("dups.csv", csv);

        Assert.Equal(6, result.DuplicateTimestamps);
    }

    [Fact]
    public async Task UnsortedRows_AreSortedAlike()
    {
        var lines = Magnetometer(3_000).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        (lines[100], lines[2_000]) = (lines[2_000], lines[100]);
        var result = await ImportBoth("unsorted.csv", string.Join('\n', lines) + "\n");

        Assert.True(result.Sorted);
    }

    [Fact]
    public async Task SeveralSensorsWithEpochMilliseconds_AndLongIds_AreStoredAlike()
    {
        var csv = new StringBuilder("time;flow;device\n");
        for (var i = 0; i < 3_000; i++) csv.Append(CultureInfo.InvariantCulture, $"{1_709_251_200_000L + i / 2 * 1000};{i * 0.25};{(i % 2 == 0 ? "pump-0" : "pump-station-north-1")}\n");
        await ImportBoth("pumps.csv", csv.ToString(), new CsvMapping("time", TimestampFormat.EpochMilliseconds, SensorIdColumn: "device"));
    }

    [Fact]
    public async Task SmallFileBelowThePyramidThreshold_LeavesNoTileFilesBehind()
    {
        var result = await ImportBoth("small.csv", Magnetometer(500));

        Assert.Equal(500, result.Profile.RowCount);
    }

    [Fact]
    public async Task SkabFileWithSemicolons_IsStoredAndMeasuredAlike()
    {
        var file = SkabImportTests.SharedDatasets() is { } root ? Path.Combine(root, "skab", "valve1", "0.csv") : null;
        if (file is null || !File.Exists(file))
        {
            output.WriteLine("Skipped: ../shared/datasets/skab/valve1/0.csv is not present on this machine.");
            return;
        }
        var result = await ImportBoth("0.csv", File.ReadAllBytes(file), null, fastPathExpected: true);

        Assert.Equal(File.ReadLines(file).Count() - 1, result.Profile.RowCount);
    }

    [Theory]
    [InlineData(2_500, 3, "abc", "b_z", "'abc' is not a number")]
    [InlineData(1_200, 0, "2024-03-01 25:00:00", "timestamp_pc", "not a timestamp")]
    public async Task BadValue_IsReportedWithItsLineAndColumn_AsByTheExactPath(int row, int field, string value, string column, string message)
    {
        var csv = Magnetometer(3_000, (i, line) => i == row ? Replace(line, field, value) : line);
        var id = Guid.NewGuid();

        var error = await Assert.ThrowsAsync<ImportException>(() => fast.Importer.ImportAsync(fast.WriteFile("bad.csv", csv), "bad.csv", null, fast.ProjectId, id));

        Assert.Equal(row + 1, error.Line);
        Assert.Equal(column, error.Column);
        Assert.Contains(message, error.Message);
        Assert.False(fast.DatasetExists(id));
        Assert.Empty(fast.StagedFiles());
    }

    [Fact]
    public async Task RaggedRow_IsReportedWithItsLine_AsByTheExactPath()
    {
        var csv = Magnetometer(3_000, (i, line) => i == 2_222 ? line + ",extra" : line);

        var error = await Assert.ThrowsAsync<ImportException>(() => fast.Importer.ImportAsync(fast.WriteFile("ragged.csv", csv), "ragged.csv", null, fast.ProjectId, Guid.NewGuid()));

        Assert.Equal(2_223, error.Line);
        Assert.Contains("more fields", error.Message);
    }

    private static string Replace(string line, int field, string value)
    {
        var fields = line.Split(',');
        fields[field] = value;
        return string.Join(',', fields);
    }

    private static string Blank(string line, int field) => Replace(line, field, "");
}
