using System.Globalization;
using System.Text;
using Lodestone.Data;
using Lodestone.Datasets;
using Lodestone.Models;
using Lodestone.Trainers;
using Lodestone.Training;
using Microsoft.Extensions.DependencyInjection;

namespace Lodestone.Predictions;

/// <summary>
/// The prediction services over a test database and a real sample store: import CSV recordings, register a saved
/// model as a version, and run batches through the executor as the job engine would (the scheduler only records).
/// </summary>
public sealed class PredictionHarness : IAsyncDisposable
{
    public static readonly DateTime Start = new(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc);

    public TestDatabase Database { get; }
    public ServiceProvider Services { get; }
    public List<Guid> Enqueued { get; } = [];

    private PredictionHarness(TestDatabase database, TimeSpan staleAfter)
    {
        Database = database;
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(database.Paths);
        services.AddScoped<LodestoneDb>(_ => database.Open());
        services.AddSampleStore(new SampleStoreOptions { Threads = 2, MemoryLimitMegabytes = 256 });
        services.AddTraining();
        services.AddPredictions();
        services.Configure<RunExecutorOptions>(o => o.StaleAfter = staleAfter);
        services.AddSingleton<ITrainer, WindowProbeTrainer>();
        services.AddSingleton<IPredictionScheduler>(new RecordingScheduler(Enqueued));
        Services = services.BuildServiceProvider();
    }

    public static async Task<PredictionHarness> CreateAsync(TimeSpan? staleAfter = null, bool postgres = false) =>
        new(await TestDatabase.CreateAsync(postgres), staleAfter ?? TimeSpan.FromSeconds(30));

    public PredictionExecutor Executor => Services.GetRequiredService<PredictionExecutor>();
    public PredictionStore Results => Services.GetRequiredService<PredictionStore>();
    public Guid ProjectId => Database.ProjectId;

    /// <summary>
    /// A magnetometer recording at 100 Hz of <paramref name="sensors"/> interleaved sensors: sensor k reads b_z = 45,000 + k,
    /// so a window's b_z names its sensor; <paramref name="value"/> gives b_x of sensor k at row i.
    /// </summary>
    public async Task<Dataset> ImportAsync(string name, int rows, int sensors = 1, Func<int, int, double>? value = null)
    {
        value ??= (i, k) => 19_500 + 200 * k + Math.Cos(i / 9.0) * 5;
        var csv = new StringBuilder("timestamp_pc,b_x,b_y,b_z,lat,lon,altitude,thetax,thetay,thetaz,sensor_id\n");
        for (var i = 0; i < rows; i++)
        {
            var time = Start.AddMilliseconds(i * 10).ToString("yyyy-MM-ddTHH:mm:ss.ffffff", CultureInfo.InvariantCulture);
            for (var k = 0; k < sensors; k++)
                csv.Append(CultureInfo.InvariantCulture, $"{time},{value(i, k):F3},1200.5,{45_000 + k},52.37,4.89,12.5,0.01,0.02,1.57,mag-{k:00}\n");
        }
        var path = Path.Combine(Database.Folder, $"{name}-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, csv.ToString());
        await using var scope = Services.CreateAsyncScope();
        var (dataset, _) = await new DatasetService(scope.ServiceProvider.GetRequiredService<LodestoneDb>(), scope.ServiceProvider.GetRequiredService<DatasetImporter>())
            .ImportAsync(ProjectId, name, path, name + ".csv", null, Database.UserId);
        return dataset;
    }

    /// <summary>Saves <paramref name="model"/> as the model of a completed run and registers it as the next version of <paramref name="name"/>.</summary>
    public async Task<ModelVersion> RegisterAsync(string name, ITrainedModel model, ModelWindow window, Guid trainedOn)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LodestoneDb>();
        var run = TrainingRun.CreateInternal(ProjectId, "trained in a test", model.Kind, "{}", [trainedOn], Database.UserId, DateTime.UtcNow);
        db.Add(run);
        await db.SaveChangesAsync();
        var folder = scope.ServiceProvider.GetRequiredService<RunFiles>().ArtifactPath(ProjectId, run.Id, RunLineage.ModelFolder);
        Directory.CreateDirectory(folder);
        model.Save(folder);
        var version = ModelVersion.Create(ProjectId, name, run.Id, null, model.Kind, model.Task, [new ModelDataset(trainedOn, 0, 0)], [], window,
            new Dictionary<string, double>(), RunLineage.ModelFolder, DateTime.UtcNow);
        return await scope.ServiceProvider.GetRequiredService<ModelRegistry>().RegisterAsync(version);
    }

    public async Task<PredictionBatch> CreateBatchAsync(ModelVersion version, Guid datasetId)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PredictionService>()
            .CreateAsync(ProjectId, new NewPredictionBatch(version.ModelName, version.Number, null, datasetId, Database.UserId));
    }

    public async Task<PredictionBatch> BatchAsync(Guid batchId)
    {
        await using var scope = Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<PredictionService>().FindAsync(ProjectId, batchId))!;
    }

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    /// <summary>Everything left in the project's predictions folder, as paths relative to it.</summary>
    public IReadOnlyList<string> PredictionFiles()
    {
        var folder = Path.Combine(Database.Paths.Predictions, ProjectId.ToString("N"));
        return Directory.Exists(folder) ? [.. Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(folder, p))] : [];
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Database.DisposeAsync();
    }

    private sealed class RecordingScheduler(List<Guid> enqueued) : IPredictionScheduler
    {
        public void Enqueue(Guid batchId)
        {
            lock (enqueued) enqueued.Add(batchId);
        }
    }
}
