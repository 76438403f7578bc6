using Lodestone.Data;
using Lodestone.Hosting;
using Microsoft.Extensions.Logging;

namespace Lodestone.Cli;

/// <summary>The services of a CLI command that works on the data folder directly, with migrations applied.</summary>
internal static class CliHost
{
    public static async Task<IHost> StartAsync(string? dataFolder, string? database, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder([.. CommonOptions.AsConfiguration(dataFolder, database)]);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddLodestoneCore();
        var host = builder.Build();
        host.Services.GetRequiredService<LodestonePaths>().EnsureCreated();
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<LodestoneDb>().MigrateAsync(cancellationToken);
        return host;
    }
}
