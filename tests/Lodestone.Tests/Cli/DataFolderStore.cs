using Lodestone.Data;
using Lodestone.Training;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Lodestone.Cli;

/// <summary>The SQLite store of a data folder that a CLI command made, opened by the test to set up or read runs.</summary>
public static class DataFolderStore
{
    public static SqliteLodestoneDb Open(string dataFolder) => new(new DbContextOptionsBuilder<SqliteLodestoneDb>()
        .UseSqlite(new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataFolder, "lodestone.db"), Pooling = false }.ConnectionString).Options);

    /// <summary>Queued runs with these names in the folder's first project.</summary>
    public static async Task<(Guid, Guid, Guid)> AddRunsAsync(string dataFolder, string first, string second, string third)
    {
        await using var db = Open(dataFolder);
        var project = await db.Projects.Select(p => p.Id).FirstAsync();
        var owner = await db.Users.Select(u => u.Id).FirstAsync();
        var runs = new[] { first, second, third }.Select(n => TrainingRun.CreateInternal(project, n, "lightgbm", "{}", [], owner, DateTime.UtcNow)).ToList();
        db.AddRange(runs);
        await db.SaveChangesAsync();
        return (runs[0].Id, runs[1].Id, runs[2].Id);
    }

    /// <summary>A run held by a worker that is gone: the state a killed server leaves.</summary>
    public static async Task<Guid> AddRunningRunAsync(string dataFolder)
    {
        await using var db = Open(dataFolder);
        var project = await db.Projects.Select(p => p.Id).FirstAsync();
        var owner = await db.Users.Select(u => u.Id).FirstAsync();
        var run = TrainingRun.CreateInternal(project, "held", "lightgbm", "{}", [], owner, DateTime.UtcNow);
        run.Prepare("gone:1", new RunHardware(), DateTime.UtcNow);
        run.Start(DateTime.UtcNow);
        db.Add(run);
        await db.SaveChangesAsync();
        return run.Id;
    }

    /// <summary>
    /// Two versions of the model <paramref name="name"/> in the folder's first project, as two completed runs register
    /// them: v2 continues v1, and their held-out F1 is 0.5 and 0.7.
    /// </summary>
    public static async Task AddModelVersionsAsync(string dataFolder, string name)
    {
        var (first, second, _) = await AddRunsAsync(dataFolder, $"{name} 1", $"{name} 2", $"{name} 3");
        await using var db = Open(dataFolder);
        var project = await db.Projects.Select(p => p.Id).FirstAsync();
        var registry = new Models.ModelRegistry(db, new RunFiles(new LodestonePaths(dataFolder)), new Trainers.TrainerCatalog());
        Models.ModelVersion Version(Guid run, Guid? parent, double f1) => Models.ModelVersion.Create(project, name, run, parent, "lightgbm",
            Trainers.TrainingTask.Classification, [], ["leak", "normal"], new Models.ModelWindow { Length = 32, Stride = 16 },
            new Dictionary<string, double> { ["test_f1"] = f1, ["threshold"] = 0.5 }, "model", DateTime.UtcNow);
        var v1 = await registry.RegisterAsync(Version(first, null, 0.5));
        await registry.RegisterAsync(Version(second, v1.Id, 0.7));
    }

    public static async Task<TrainingRun> RunAsync(string dataFolder, Guid id)
    {
        await using var db = Open(dataFolder);
        return await db.Set<TrainingRun>().AsNoTracking().SingleAsync(r => r.Id == id);
    }
}
