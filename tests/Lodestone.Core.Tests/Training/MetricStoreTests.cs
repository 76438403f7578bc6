using Lodestone.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lodestone.Training;

public class MetricStoreTests
{
    private static async Task<Guid> NewRunAsync(TestDatabase database)
    {
        await using var db = database.Open();
        var run = TrainingRun.CreateExternal(database.ProjectId, "run", "external", "{}", new RunHardware(), [], database.UserId, DateTime.UtcNow);
        db.Add(run);
        await db.SaveChangesAsync();
        return run.Id;
    }

    private static MetricStore Store(LodestoneDb db) => new(db, TestDatabase.Events());

    [Fact]
    public Task LogBatch_ReplacesTheValueOfAStepLoggedTwice_OnSqlite() => ReplacesTheValueOfAStepLoggedTwice(postgres: false);

    [PostgresFact]
    public Task LogBatch_ReplacesTheValueOfAStepLoggedTwice_OnPostgres() => ReplacesTheValueOfAStepLoggedTwice(postgres: true);

    private static async Task ReplacesTheValueOfAStepLoggedTwice(bool postgres)
    {
        await using var database = await TestDatabase.CreateAsync(postgres);
        var runId = await NewRunAsync(database);
        await using (var db = database.Open())
        {
            await Store(db).LogBatchAsync(runId, database.ProjectId, [new("loss", 0, 0.9, 1000), new("loss", 1, 0.7, 2000)]);
            await Store(db).LogAsync(runId, database.ProjectId, new("loss", 1, 0.6, 3000));
        }
        await using (var db = database.Open())
        {
            var history = await Store(db).HistoryAsync(runId, "loss");
            Assert.Equal([(0L, 0.9), (1L, 0.6)], history.Select(m => (m.Step, m.Value)));
            var latest = (await Store(db).LatestAsync([runId]))[runId]["loss"];
            Assert.Equal((1L, 0.6), (latest.Step, latest.Value));
        }
    }

    [Fact]
    public Task The_latest_value_stays_at_the_highest_step_when_an_older_step_arrives_late_OnSqlite() => LatestMovesOnlyForward(false);

    [PostgresFact]
    public Task The_latest_value_stays_at_the_highest_step_when_an_older_step_arrives_late_OnPostgres() => LatestMovesOnlyForward(true);

    private static async Task LatestMovesOnlyForward(bool postgres)
    {
        await using var database = await TestDatabase.CreateAsync(postgres);
        var runId = await NewRunAsync(database);
        await using var db = database.Open();
        await Store(db).LogAsync(runId, database.ProjectId, new("accuracy", 5, 0.8, 5000));
        await Store(db).LogAsync(runId, database.ProjectId, new("accuracy", 2, 0.5, 6000));
        var latest = (await Store(db).LatestAsync([runId]))[runId]["accuracy"];
        Assert.Equal((5L, 0.8), (latest.Step, latest.Value));
        Assert.Equal(2, (await Store(db).HistoryAsync(runId, "accuracy")).Count);
    }

    [Fact]
    public async Task A_NaN_metric_is_kept_as_NaN()
    {
        await using var database = await TestDatabase.CreateAsync();
        var runId = await NewRunAsync(database);
        await using var db = database.Open();
        await Store(db).LogAsync(runId, database.ProjectId, new("loss", 0, double.NaN, 1));
        Assert.True(double.IsNaN((await Store(db).HistoryAsync(runId, "loss")).Single().Value));
    }

    [Fact]
    public Task Concurrent_writers_leave_exactly_one_value_per_key_and_step_OnSqlite() => ConcurrentWriters(false);

    [PostgresFact]
    public Task Concurrent_writers_leave_exactly_one_value_per_key_and_step_OnPostgres() => ConcurrentWriters(true);

    // 16 clients write overlapping batches of the same keys and steps at once, as trainers retrying requests do.
    private static async Task ConcurrentWriters(bool postgres)
    {
        await using var database = await TestDatabase.CreateAsync(postgres);
        var runId = await NewRunAsync(database);
        const int clients = 16, steps = 50;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            await using var db = database.Open();
            var store = Store(db);
            for (var step = 0; step < steps; step += 10)
            {
                var batch = Enumerable.Range(step, 10)
                    .SelectMany(s => new MetricValue[] { new("loss", s, 1.0 / (s + 1), 1000 + s), new("accuracy", s, s / 100.0, 1000 + s) })
                    .ToList();
                await store.LogBatchAsync(runId, database.ProjectId, batch);
            }
        })));
        await using var check = database.Open();
        var rows = await check.Set<Metric>().Where(m => m.RunId == runId).ToListAsync();
        Assert.Equal(2 * steps, rows.Count);
        Assert.Equal(2 * steps, rows.Select(m => (m.Key, m.Step)).Distinct().Count());
        var latest = (await Store(check).LatestAsync([runId]))[runId];
        Assert.Equal(steps - 1, latest["loss"].Step);
        Assert.Equal((steps - 1) / 100.0, latest["accuracy"].Value);
    }

    [Fact]
    public Task Many_concurrent_single_metric_writers_through_group_commit_store_every_metric_exactly_once_OnSqlite() => GroupCommitWriters(false);

    [PostgresFact]
    public Task Many_concurrent_single_metric_writers_through_group_commit_store_every_metric_exactly_once_OnPostgres() => GroupCommitWriters(true);

    // The server's path: each request has its own store and context, and one writer commits whatever is waiting.
    // 4 runs × 5 writers; the writers of a run share the key "loss" (each its own steps, sent out of order, some twice)
    // and each has a key of its own.
    private static async Task GroupCommitWriters(bool postgres)
    {
        await using var database = await TestDatabase.CreateAsync(postgres);
        var runs = new List<Guid>();
        for (var i = 0; i < 4; i++) runs.Add(await NewRunAsync(database));
        await using var services = WriterServices(database);
        const int writersPerRun = 5, steps = 60;

        await Task.WhenAll(runs.SelectMany((run, r) => Enumerable.Range(0, writersPerRun).Select(w => Task.Run(async () =>
        {
            var mine = Enumerable.Range(0, steps).Where(s => s % writersPerRun == w).OrderBy(s => (s * 7919) % 13).ToList();
            foreach (var step in mine.Concat(mine.Take(3)))
            {
                await using var scope = services.CreateAsyncScope();
                var store = scope.ServiceProvider.GetRequiredService<MetricStore>();
                await store.LogAsync(run, database.ProjectId, new("loss", step, r * 1000 + step, 1000 + step));
                await store.LogAsync(run, database.ProjectId, new($"writer{w}", step, -step, 1000 + step));
            }
        }))));

        await using var check = database.Open();
        var latest = await Store(check).LatestAsync(runs);
        for (var r = 0; r < runs.Count; r++)
        {
            var rows = await check.Set<Metric>().Where(m => m.RunId == runs[r]).ToListAsync();
            Assert.Equal(2 * steps, rows.Count);
            Assert.All(rows.Where(m => m.Key == "loss"), m => Assert.Equal(r * 1000 + m.Step, m.Value));
            Assert.Equal(Enumerable.Range(0, steps).Select(s => (long)s), rows.Where(m => m.Key == "loss").Select(m => m.Step).Order());
            Assert.Equal((steps - 1L, r * 1000.0 + steps - 1), (latest[runs[r]]["loss"].Step, latest[runs[r]]["loss"].Value));
            for (var w = 0; w < writersPerRun; w++)
            {
                var highest = Enumerable.Range(0, steps).Last(s => s % writersPerRun == w);
                Assert.Equal(highest, latest[runs[r]][$"writer{w}"].Step);
            }
        }
    }

    [Fact]
    public async Task A_write_that_fails_in_a_group_fails_only_its_own_caller()
    {
        await using var database = await TestDatabase.CreateAsync();
        var runId = await NewRunAsync(database);
        await using var services = WriterServices(database);
        var writer = services.GetRequiredService<MetricWriter>();

        // A run that does not exist breaks the foreign key; the writes queued with it must still be committed.
        var writes = Enumerable.Range(0, 20).Select(i => i == 7
            ? writer.WriteAsync(Guid.NewGuid(), [new MetricValue("loss", 0, 1, 1)])
            : writer.WriteAsync(runId, [new MetricValue("loss", i, i, 1)])).ToList();

        await Assert.ThrowsAnyAsync<Exception>(() => writes[7]);
        await Task.WhenAll(writes.Where((_, i) => i != 7));
        await using var db = database.Open();
        Assert.Equal(19, (await Store(db).HistoryAsync(runId, "loss")).Count);
    }

    [Fact]
    public async Task Group_commit_keeps_NaN_and_infinities_on_Sqlite()
    {
        await using var database = await TestDatabase.CreateAsync();
        var runId = await NewRunAsync(database);
        await using var services = WriterServices(database);
        var writer = services.GetRequiredService<MetricWriter>();
        await writer.WriteAsync(runId, [new("loss", 0, double.NaN, 1), new("loss", 1, double.PositiveInfinity, 2), new("loss", 2, double.NegativeInfinity, 3)]);
        await using var db = database.Open();
        var values = (await Store(db).HistoryAsync(runId, "loss")).Select(m => m.Value).ToList();
        Assert.True(double.IsNaN(values[0]));
        Assert.Equal([double.PositiveInfinity, double.NegativeInfinity], values[1..]);
        Assert.Equal(double.NegativeInfinity, (await Store(db).LatestAsync([runId]))[runId]["loss"].Value);
    }

    private static ServiceProvider WriterServices(TestDatabase database)
    {
        var services = new ServiceCollection();
        services.AddScoped(_ => database.Open());
        services.AddSingleton(TestDatabase.Events());
        services.AddSingleton<MetricWriter>();
        services.AddScoped<MetricStore>();
        return services.BuildServiceProvider();
    }
}
