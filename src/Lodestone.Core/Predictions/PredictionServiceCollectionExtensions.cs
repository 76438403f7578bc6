using Microsoft.Extensions.DependencyInjection;

namespace Lodestone.Predictions;

public static class PredictionServiceCollectionExtensions
{
    /// <summary>Batch predictions: the service, the executor, the results store and the event stream. Needs the sample store and training.</summary>
    public static IServiceCollection AddPredictions(this IServiceCollection services)
    {
        services.AddSingleton<PredictionEvents>();
        services.AddSingleton<PredictionStore>();
        services.AddSingleton<PredictionExecutor>();
        services.AddScoped<PredictionService>();
        return services;
    }
}
