using Lodestone.Archives;
using Lodestone.Accounts;
using Lodestone.Components;
using Lodestone.Data;
using Lodestone.Datasets;
using Lodestone.Labels;
using Lodestone.Deployments;
using Lodestone.Sensors;
using Lodestone.Projects;
using Lodestone.Training;
using Microsoft.Extensions.Options;
using Serilog;

namespace Lodestone.Hosting;

/// <summary>Builds the web server: UI, REST API and (later) the in-process job server.</summary>
public static class LodestoneWebApp
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        // Sinks registered as services (a test host's log capture) receive the log too.
        builder.Host.UseSerilog((context, services, logging) => logging
            .ReadFrom.Configuration(context.Configuration)
            .ReadFrom.Services(services)
            .MinimumLevel.Override("Microsoft.AspNetCore", Serilog.Events.LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.EntityFrameworkCore", Serilog.Events.LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}"));
        // Serves Blazor's and MudBlazor's files from the build output too (not only after publish or in Development);
        // it does nothing when the app runs from a publish folder.
        builder.WebHost.UseStaticWebAssets();
        builder.AddApplicationServices();

        var app = builder.Build();
        if (!app.Services.GetRequiredService<IOptions<StorageOptions>>().Value.UsesPostgres)
        {
            // Before any hosted service starts: a second server on this folder stops here, and only the folder's one
            // server may delete what killed uploads, imports and runs left behind.
            app.Services.GetRequiredService<DataFolderLock>().Acquire();
            app.Services.GetRequiredService<LodestonePaths>().DeleteCrashLeftovers();
        }
        app.UseApplicationPipeline();
        app.MapAccountsApi();
        app.MapProjectsApi();
        app.MapArchivesApi();
        app.MapDatasetsApi();
        app.MapLabelCategoriesApi();
        app.MapAnnotationsApi();
        app.MapSensorsApi();
        app.MapSensorRegressionApi();
        app.MapTraining();
        app.MapDeploymentsApi();
        app.MapModelVersionPredictApi();
        app.MapUserInterface();
        return app;
    }
}
