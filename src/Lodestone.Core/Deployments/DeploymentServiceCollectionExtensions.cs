using Microsoft.Extensions.DependencyInjection;

namespace Lodestone.Deployments;

public static class DeploymentServiceCollectionExtensions
{
    /// <summary>Deployments, the warm models they serve from and the in-memory table predict requests read.</summary>
    public static IServiceCollection AddDeployments(this IServiceCollection services)
    {
        services.AddSingleton<WarmModels>();
        services.AddSingleton<DeploymentTable>();
        services.AddScoped<DeploymentService>();
        services.AddScoped<InferenceBenchmarker>();
        return services;
    }
}
