namespace Lodestone.Deployments;

/// <summary>
/// Fills <see cref="DeploymentTable"/> from the database at start-up (after migrations), loading every deployed
/// version, so that deployments survive a restart and the first request after it finds its model warm.
/// </summary>
internal sealed class DeploymentTableLoader(IServiceProvider services, ILogger<DeploymentTableLoader> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DeploymentService>().RebuildAsync(cancellationToken);
        var table = services.GetRequiredService<DeploymentTable>();
        logger.LogInformation("Deployments loaded: {Count} serving", table.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
