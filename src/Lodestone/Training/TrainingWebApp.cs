using System.Text.Json.Serialization;
using Lodestone.Drift;
using Lodestone.Hubs;
using Lodestone.Jobs;
using Lodestone.Mlflow;
using Lodestone.Models;
using Lodestone.Predictions;

namespace Lodestone.Training;

/// <summary>The training parts of the web server: job engine, event relay, hub, tracking and MLflow APIs, job dashboard.</summary>
public static class TrainingWebApp
{
    public static void AddTrainingServices(this WebApplicationBuilder builder)
    {
        var jobs = builder.Configuration.GetSection(JobServerOptions.Section).Get<JobServerOptions>() ?? new JobServerOptions();
        // The relay first: hosted services stop in reverse order, so it stops after the job server, and the events of
        // runs interrupted by the shutdown still reach the other processes.
        builder.Services.AddRunEventRelay();
        builder.Services.AddJobEngine(runServer: jobs.RunInProcess);
        // Metrics may be NaN or infinite (a diverging loss); JSON carries them as "NaN", "Infinity".
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.NumberHandling |= JsonNumberHandling.AllowNamedFloatingPointLiterals);
        builder.Services.AddSignalR().AddJsonProtocol(o =>
        {
            o.PayloadSerializerOptions.NumberHandling |= JsonNumberHandling.AllowNamedFloatingPointLiterals;
            o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter());
        });
        builder.Services.AddSingleton<RunsHubBroadcaster>();
    }

    public static void MapTraining(this WebApplication app)
    {
        app.MapJobDashboard();
        // The hub's negotiate and connect requests; each invocation then checks membership (RunsHub.JoinProject).
        app.MapHub<RunsHub>(RunsHub.Path).RequireRateLimiting(Hosting.ApplicationServices.RateLimitPolicy);
        app.MapTrainingApi();
        app.MapTrainersApi();
        app.MapModelsApi();
        app.MapPredictionsApi();
        app.MapDriftApi();
        app.MapMlflowApi();
    }

    public static IServiceCollection AddRunEventRelay(this IServiceCollection services) =>
        services.AddHostedService<PostgresRunEventRelay>();
}
