using Microsoft.Extensions.DependencyInjection;

namespace Lodestone.Training;

public static class TrainingServiceCollectionExtensions
{
    /// <summary>Runs, metrics, logs, files and the event stream. The host adds an <see cref="IRunScheduler"/> (the job engine).</summary>
    public static IServiceCollection AddTraining(this IServiceCollection services)
    {
        services.AddSingleton<RunEvents>();
        services.AddSingleton<RunFiles>();
        services.AddSingleton<MetricWriter>();
        services.AddSingleton<RunDirectory>();
        services.AddScoped<MetricStore>();
        services.AddScoped<ExperimentStore>();
        services.AddScoped<TrainingService>();
        services.AddScoped<SensorModels>();
        services.AddScoped<RunSettingsAdvisor>();
        services.AddScoped<Models.ModelRegistry>();
        services.AddScoped<Models.ModelCatalog>();
        services.AddScoped<Models.ModelGenealogist>();
        services.AddScoped<Models.ModelLifecycle>();
        services.AddScoped<Models.LoggedModelStore>();
        services.AddScoped<Drift.DriftService>();
        services.AddSingleton<Trainers.TrainerCatalog>();
        services.AddSingleton<RunExecutor>();
        services.AddOptions<RunExecutorOptions>();
        return services;
    }
}
