using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Lodestone.Accounts;
using Lodestone.Data;
using Lodestone.Trainers;
using Lodestone.Torch;
using Lodestone.Training;
using Microsoft.Extensions.Options;

namespace Lodestone.Jobs;

/// <summary>
/// The job engine: Hangfire with in-memory storage inside <c>serve</c> by default, or with PostgreSQL storage shared by
/// <c>serve</c> and any number of <c>lodestone worker</c> processes. Runs' durable state is in the metadata store either way.
/// </summary>
public static class JobEngine
{
    /// <summary>Hangfire's tables live in their own schema of the metadata database.</summary>
    public const string PostgresSchema = "hangfire";

    public static IServiceCollection AddJobEngine(this IServiceCollection services, bool runServer)
    {
        services.AddOptions<RunExecutorOptions>().BindConfiguration(RunExecutorOptions.Section);
        services.AddOptions<JobServerOptions>().BindConfiguration(JobServerOptions.Section);
        // The storage is built per host rather than through GlobalConfiguration, so that several hosts in one process
        // (the test suite's app factories) never share a job queue.
        services.AddSingleton<JobStorage>(sp => sp.GetRequiredService<IOptions<StorageOptions>>().Value is { UsesPostgres: true } storage
            ? PostgresStorage(storage.Database!)
            : new InMemoryStorage());
        // Likewise the activator: AddHangfire would take Hangfire's static JobActivator.Current, which the last host to
        // configure Hangfire sets, so a host's worker could build its jobs from another host's services (and find
        // none of its runs there, leaving them queued).
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire(c => c.SetDataCompatibilityLevel(CompatibilityLevel.Version_180).UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings());
        if (runServer)
            services.AddHangfireServer((sp, o) =>
            {
                var jobs = sp.GetRequiredService<IOptions<JobServerOptions>>().Value;
                o.ServerName = RunExecutor.WorkerName;
                o.Queues = [.. jobs.QueuesOrDefault.Select(HangfireRunScheduler.QueueName).Distinct()];
                o.WorkerCount = Math.Max(1, jobs.Concurrency);
                o.SchedulePollingInterval = TimeSpan.FromSeconds(1);
            });
        services.AddSingleton<IRunScheduler, HangfireRunScheduler>();
        services.AddTransient<TrainingJob>();
        services.AddHostedService<RunRecovery>();
        services.AddSingleton<Predictions.IPredictionScheduler, HangfirePredictionScheduler>();
        services.AddTransient<PredictionJob>();
        services.AddHostedService<PredictionRecovery>();
        services.AddDeepTrainers();
        return services;
    }

    private static PostgreSqlStorage PostgresStorage(string connectionString)
    {
        var options = new PostgreSqlStorageOptions
        {
            SchemaName = PostgresSchema,
            PrepareSchemaIfNecessary = true,
            // LISTEN/NOTIFY wakes an idle worker when a job is enqueued; the poll is only the fallback.
            EnableLongPolling = true,
            QueuePollInterval = TimeSpan.FromSeconds(2),
            UseSlidingInvisibilityTimeout = true,
            InvisibilityTimeout = TimeSpan.FromMinutes(5),
        };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options, null), options);
    }

    /// <summary>The Hangfire dashboard at <c>/hangfire</c>, for system administrators only.</summary>
    public static void MapJobDashboard(this IEndpointRouteBuilder app) =>
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            // Access is decided by the endpoint's policy below; Hangfire's own default would allow local requests only.
            Authorization = [],
            AsyncAuthorization = [],
            DisplayStorageConnectionString = false,
            DashboardTitle = "Lodestone jobs",
            AppPath = "/",
        }).RequireAuthorization(AuthenticationSchemes.AdministratorPolicy).RequireRateLimiting(Hosting.ApplicationServices.RateLimitPolicy);
}
