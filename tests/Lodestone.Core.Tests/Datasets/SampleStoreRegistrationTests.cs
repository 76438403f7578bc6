using Lodestone.Data;
using Lodestone.Datasets;
using Lodestone.Sensors;
using Microsoft.Extensions.DependencyInjection;

namespace Lodestone.Tests.Datasets;

public sealed class SampleStoreRegistrationTests
{
    [Fact]
    public async Task AddSampleStore_ResolvesServicesThatShareOneEngine()
    {
        var root = Path.Combine(Path.GetTempPath(), "lodestone-tests", Guid.NewGuid().ToString("N"));
        var services = new ServiceCollection().AddSingleton(new LodestonePaths(root)).AddSampleStore().BuildServiceProvider();
        try
        {
            var importer = services.GetRequiredService<DatasetImporter>();
            var projectId = Guid.NewGuid();
            var datasetId = Guid.NewGuid();
            var csv = Path.Combine(root, "m.csv");
            await File.WriteAllTextAsync(csv, SampleStoreFixture.MagnetometerCsv(200));

            await importer.ImportAsync(csv, "m.csv", null, projectId, datasetId);

            var series = services.GetRequiredService<SampleStore>().Query(projectId, datasetId, ["|B|"], null, null, 1_000);
            Assert.Equal(200, series.Times.Length);
            Assert.NotNull(services.GetRequiredService<ReadingStore>());
        }
        finally
        {
            await services.DisposeAsync();
            Directory.Delete(root, recursive: true);
        }
    }
}
