using Lodestone.Accounts;
using Lodestone.Data;
using Lodestone.Datasets;
using Lodestone.Projects;
using Lodestone.Samples;
using Lodestone.Sensors;
using Microsoft.EntityFrameworkCore;

namespace Lodestone.Hosting;

/// <summary>
/// <c>serve --demo</c>: a project "Demo" for the administrator with an hour of generated magnetometer recordings from two
/// sensors (vehicles, a motor, a fan, mains hum and sensor faults). Created once; later starts find it and leave it.
/// </summary>
internal static class DemoProject
{
    public const string Name = "Demo";

    public static async Task EnsureAsync(IServiceProvider services, LodestonePaths paths, ILogger logger, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<LodestoneDb>();
        if (await db.Projects.AnyAsync(p => p.Name == Name, cancellationToken)) return;
        var admin = await db.Users.FirstAsync(u => u.UserName == AccountService.AdminUserName, cancellationToken);
        var project = await services.GetRequiredService<ProjectService>().CreateAsync(Name,
            "Generated magnetometer recordings with ground-truth events: vehicles passing, a motor, a fan, mains hum, sensor faults.", admin.Id, cancellationToken);

        var csv = Path.Combine(paths.Staging, $"demo-{Guid.NewGuid():N}.csv");
        try
        {
            logger.LogInformation("Generating the demo recording");
            var truth = MagnetometerRecording.WriteCsv(csv, SampleRecordings.Demo);
            var (dataset, _) = await services.GetRequiredService<DatasetService>()
                .ImportAsync(project.Id, "Demo site, two magnetometers, one hour", csv, "demo-site.csv", null, admin.Id, null, cancellationToken);
            var sensors = services.GetRequiredService<SensorService>();
            foreach (var sensor in dataset.SensorIds)
                await sensors.SaveAsync(project.Id, new SensorDraft(sensor, SensorKind.Magnetometer, "nT", "Demo site",
                    SampleRecordings.Demo.Latitude, SampleRecordings.Demo.Longitude), cancellationToken);
            logger.LogInformation("Demo project ready: {Rows} rows, {Events} ground-truth events", dataset.RowCount, truth.Events.Count);
        }
        finally
        {
            foreach (var file in Directory.EnumerateFiles(paths.Staging, Path.GetFileNameWithoutExtension(csv) + "*"))
                File.Delete(file);
        }
    }
}
