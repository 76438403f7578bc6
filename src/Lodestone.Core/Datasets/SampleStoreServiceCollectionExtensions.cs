using Lodestone.Data;
using Lodestone.Sensors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Lodestone.Datasets;

public static class SampleStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers the sample store as singletons: the DuckDB engine (<see cref="SampleDatabase"/>), the CSV importer,
    /// chart and window queries (<see cref="SampleStore"/>) and the sensor readings store. Needs <see cref="LodestonePaths"/>.
    /// Without <paramref name="options"/>, the registered <see cref="SampleStoreOptions"/> (defaults unless bound).
    /// </summary>
    public static IServiceCollection AddSampleStore(this IServiceCollection services, SampleStoreOptions? options = null,
        ReadingStoreOptions? readings = null)
    {
        services.AddOptions<SampleStoreOptions>();
        services.AddSingleton(sp => new SampleDatabase(sp.GetRequiredService<LodestonePaths>(), options ?? sp.GetRequiredService<IOptions<SampleStoreOptions>>().Value));
        services.AddSingleton<DatasetImporter>();
        services.AddSingleton<SampleStore>();
        services.AddSingleton(sp => new ReadingStore(sp.GetRequiredService<SampleDatabase>(), readings));
        return services;
    }
}
