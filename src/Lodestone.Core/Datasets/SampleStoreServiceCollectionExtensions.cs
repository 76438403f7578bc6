using Lodestone.Data;
using Lodestone.Sensors;
using Microsoft.Extensions.DependencyInjection;

namespace Lodestone.Datasets;

public static class SampleStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers the sample store as singletons: the DuckDB engine (<see cref="SampleDatabase"/>), the CSV importer,
    /// chart and window queries (<see cref="SampleStore"/>) and the sensor readings store. Needs <see cref="LodestonePaths"/>.
    /// </summary>
    public static IServiceCollection AddSampleStore(this IServiceCollection services, SampleStoreOptions? options = null,
        ReadingStoreOptions? readings = null)
    {
        services.AddSingleton(sp => new SampleDatabase(sp.GetRequiredService<LodestonePaths>(), options));
        services.AddSingleton<DatasetImporter>();
        services.AddSingleton<SampleStore>();
        services.AddSingleton(sp => new ReadingStore(sp.GetRequiredService<SampleDatabase>(), readings));
        return services;
    }
}
