using Lodestone.Datasets;
using Xunit.Abstractions;

namespace Lodestone.Tests.Datasets;

public sealed class SkabImportTests(ITestOutputHelper output) : IDisposable
{
    private readonly SampleStoreFixture store = new();

    public void Dispose() => store.Dispose();

    /// <summary>The shared datasets folder sits beside an ancestor of the test's base directory (../shared/datasets from the repo root).</summary>
    internal static string? SharedDatasets()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "datasets");
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }

    [Fact]
    public async Task ImportAsync_ImportsSkabValveFile_WithProposedMapping()
    {
        var file = SharedDatasets() is { } root ? Path.Combine(root, "skab", "valve1", "0.csv") : null;
        if (file is null || !File.Exists(file))
        {
            output.WriteLine("Skipped: ../shared/datasets/skab/valve1/0.csv is not present on this machine.");
            return;
        }
        var lines = File.ReadLines(file).Count() - 1;

        var result = await store.Importer.ImportAsync(file, "0.csv", null, store.ProjectId, Guid.NewGuid());

        Assert.Equal(lines, result.Profile.RowCount);
        Assert.Equal(DatasetSchema.Generic, result.Schema);
        Assert.Equal(1.0, result.Profile.SamplingRateHz!.Value, 2);
        Assert.Contains(result.Profile.Channels, c => c.Name == "Volume Flow RateRMS" && c.Missing == 0);
        Assert.Contains(result.Profile.Channels, c => c.Name == "anomaly" && c.Max == 1.0);
        Assert.Equal(new DateTime(2020, 3, 9, 10, 14, 33, DateTimeKind.Utc), result.Profile.StartTime);
    }
}
