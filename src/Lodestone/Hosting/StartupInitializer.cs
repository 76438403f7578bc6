using Lodestone.Accounts;
using Lodestone.Data;

namespace Lodestone.Hosting;

/// <summary>Before the server takes requests: the data folder exists, migrations are applied, and there is an administrator.</summary>
internal sealed class StartupInitializer(IServiceProvider services, LodestonePaths paths, IConfiguration configuration, ILogger<StartupInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        paths.EnsureCreated();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LodestoneDb>();
        await db.MigrateAsync(cancellationToken);
        var password = await scope.ServiceProvider.GetRequiredService<AccountService>().EnsureAdministratorAsync(cancellationToken);
        if (password is not null) PrintAdministrator(password);
        if (configuration.GetValue<bool>("Lodestone:Demo"))
            await DemoProject.EnsureAsync(scope.ServiceProvider, paths, logger, cancellationToken);
        _ = Task.Run(() => services.GetRequiredService<Datasets.SampleDatabase>().WarmUp(), CancellationToken.None);
        logger.LogInformation("Data folder {DataFolder}, metadata store {Provider}", paths.Root, db.Database.ProviderName);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The administrator's generated password goes to the terminal once, never to the log.</summary>
    public static void PrintAdministrator(string password) => Console.WriteLine($"""

             Lodestone created the administrator account.
               user:     {AccountService.AdminUserName}
               password: {password}
             It is shown this once; change it after signing in.

            """);
}
