using Lodestone.Accounts;
using Lodestone.Data;
using Lodestone.Datasets;
using Lodestone.Deployments;
using Lodestone.Sensors;
using Lodestone.Predictions;
using Lodestone.Projects;
using Lodestone.Training;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Lodestone.Hosting;

/// <summary>The services every process needs, the web server and the CLI commands alike.</summary>
public static class CoreServices
{
    public static IServiceCollection AddLodestoneCore(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section);
        // Resolved lazily from options so that tests (and `--data`) can point the app at a folder of their own.
        services.AddSingleton(sp => new LodestonePaths(sp.GetRequiredService<IOptions<StorageOptions>>().Value.DataFolder));
        // Pooled: a request that writes a metric needs a context, and building one (its options and EF's internal
        // services) cost more than the rest of the request. Pooled contexts are reset when returned.
        // Split queries: a run loads its params and tags (two collections), which one query would multiply together.
        services.AddDbContextPool<SqliteLodestoneDb>((sp, o) => o.UseSqlite($"Data Source={sp.GetRequiredService<LodestonePaths>().Database}",
            s => s.UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery)));
        services.AddDbContextPool<PostgresLodestoneDb>((sp, o) => o.UseNpgsql(sp.GetRequiredService<IOptions<StorageOptions>>().Value.Database,
            s => s.UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery)));
        services.AddScoped<LodestoneDb>(sp => sp.GetRequiredService<IOptions<StorageOptions>>().Value.UsesPostgres
            ? sp.GetRequiredService<PostgresLodestoneDb>()
            : sp.GetRequiredService<SqliteLodestoneDb>());
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ApiKeyCache>();
        services.AddSingleton<SessionCache>();
        services.AddSingleton<MembershipCache>();
        services.AddScoped<AccountService>();
        services.AddScoped<ProjectService>();
        services.AddScoped<Archives.ProjectExporter>();
        services.AddScoped<Archives.ProjectImporter>();
        services.AddOptions<SampleStoreOptions>().BindConfiguration(SampleStoreOptions.Section);
        services.AddSampleStore();
        services.AddScoped<DatasetService>();
        services.AddScoped<Labels.LabelCatalog>();
        services.AddScoped<Labels.AnnotationService>();
        services.AddScoped<SensorService>();
        services.AddSingleton<ReadingEvents>();
        services.AddOptions<SensorOptions>().BindConfiguration(SensorOptions.Section);
        services.AddScoped<SensorRegressionService>();
        services.AddScoped<Training.SampleStoreWindowSource>();
        services.AddScoped<Training.IWindowSource, Training.SensorWindowSource>();
        services.AddTraining();
        services.AddPredictions();
        services.AddDeployments();
        return services;
    }
}
