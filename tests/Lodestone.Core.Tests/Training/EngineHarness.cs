using System.Text.Json;
using Lodestone.Data;
using Lodestone.Trainers;
using Lodestone.Trainers.Anomaly;
using Microsoft.Extensions.DependencyInjection;

namespace Lodestone.Training;

/// <summary>The training services over a test database, with real trainers and generated windows; the scheduler only records.</summary>
public sealed class EngineHarness : IAsyncDisposable
{
    public TestDatabase Database { get; }
    public ServiceProvider Services { get; }
    public List<Guid> Enqueued { get; } = [];

    private EngineHarness(TestDatabase database)
    {
        Database = database;
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(database.Paths);
        services.AddScoped<LodestoneDb>(_ => database.Open());
        services.AddTraining();
        services.Configure<RunExecutorOptions>(o => o.FlushInterval = TimeSpan.FromMilliseconds(200));
        services.AddSingleton<IRunScheduler>(new RecordingScheduler(Enqueued));
        services.AddSingleton<ITrainer, LogisticRegressionTrainer>();
        services.AddSingleton<ITrainer, IsolationForestTrainer>();
        services.AddSingleton<IWindowSource, GeneratedWindows>();
        Services = services.BuildServiceProvider();
    }

    public static async Task<EngineHarness> CreateAsync(bool postgres = false) => new(await TestDatabase.CreateAsync(postgres));

    public RunExecutor Executor => Services.GetRequiredService<RunExecutor>();
    public RunEvents Events => Services.GetRequiredService<RunEvents>();

    public async Task<TrainingRun> CreateRunAsync(string trainer, object? config = null, string? monitor = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var json = JsonSerializer.SerializeToElement(config ?? new { });
        // A run names a dataset of its project; its windows are generated, so the dataset holds no samples.
        var db = scope.ServiceProvider.GetRequiredService<LodestoneDb>();
        var dataset = new Datasets.Dataset(Guid.NewGuid(), Database.ProjectId, "generated.csv", Datasets.DatasetSchema.Generic, "generated", Database.UserId);
        db.Datasets.Add(dataset);
        await db.SaveChangesAsync();
        return await scope.ServiceProvider.GetRequiredService<TrainingService>().CreateInternalAsync(
            new NewRun(Database.ProjectId, Database.UserId, "test run", trainer, json, [dataset.Id], monitor));
    }

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public Task<TrainingRun> RunAsync(Guid runId) =>
        InScopeAsync(async s => (await s.GetRequiredService<TrainingService>().FindAsync(Database.ProjectId, runId))!);

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Database.DisposeAsync();
    }

    private sealed class RecordingScheduler(List<Guid> enqueued) : IRunScheduler
    {
        public IReadOnlyList<string> Queues => ["default", "heavy"];

        public void Enqueue(Guid runId, string queue)
        {
            lock (enqueued) enqueued.Add(runId);
        }
    }
}
