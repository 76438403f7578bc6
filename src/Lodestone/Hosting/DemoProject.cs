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
/// <para>
/// The recording carries its ground truth as two truth channels (<see cref="MagnetometerCsv.TruthColumns"/>): <c>event</c>,
/// the code of the event covering each row, and <c>anomaly</c>, 1 during vehicles and sensor faults. <c>anomaly</c> is the
/// label channel the start form preselects, so a classifier trains and a detector is evaluated on the demo out of the box;
/// runs never read either as an input unless they name it. When annotations arrive (issue 13), the same truth becomes
/// annotations without a new file: <c>MagnetometerRecording.Plan(SampleRecordings.Demo).GroundTruth</c> gives exactly these
/// events again (same options and seed, same events), each a sensor, a time range and a label, as an annotation is.
/// </para>
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
            "Generated magnetometer recordings with ground-truth events: vehicles passing, a motor, a fan, mains hum, sensor faults. " +
            "The truth is in the channels 'anomaly' (1 during vehicles and faults: a label channel) and 'event' (the event's code).", admin.Id, cancellationToken);

        var csv = Path.Combine(paths.Staging, $"demo-{Guid.NewGuid():N}.csv");
        try
        {
            logger.LogInformation("Generating the demo recording");
            var truth = MagnetometerRecording.WriteCsv(csv, SampleRecordings.Demo, truthColumns: true);
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
