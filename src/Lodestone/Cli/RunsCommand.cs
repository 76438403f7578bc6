using System.CommandLine;
using Lodestone.Data;
using Lodestone.Training;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace Lodestone.Cli;

/// <summary>
/// <c>lodestone runs list|show|cancel|logs --follow</c>: training runs, from the shell of a machine that holds the data
/// folder (or reaches the PostgreSQL database). A cancel written here reaches the worker at its next heartbeat.
/// </summary>
internal static class RunsCommand
{
    public static Command Create()
    {
        var data = CommonOptions.DataFolder();
        var db = CommonOptions.Database();

        var project = new Option<string?>("--project") { Description = "Only this project's runs (id or name)." };
        var state = new Option<TrainingRunState?>("--state") { Description = "Only runs in this state." };
        var list = new Command("list", "Runs, newest first.") { project, state, data, db };
        list.SetAction(async (result, ct) =>
        {
            using var host = await CliHost.StartAsync(result.GetValue(data), result.GetValue(db), ct);
            await using var scope = host.Services.CreateAsyncScope();
            var store = scope.ServiceProvider.GetRequiredService<LodestoneDb>();
            var query = store.Set<TrainingRun>().AsNoTracking().Where(r => r.DeletedAt == null);
            if (result.GetValue(project) is { } p)
            {
                var projectId = await ProjectIdAsync(store, p, ct);
                if (projectId is null) return Fail($"No project '{p}'.");
                query = query.Where(r => r.ProjectId == projectId);
            }
            if (result.GetValue(state) is { } s) query = query.Where(r => r.State == s);
            var runs = await query.OrderByDescending(r => r.CreatedAt).Take(200).ToListAsync(ct);
            var table = new TerminalTable("Id", "Name", "Trainer", "State", "Progress", "Created (UTC)");
            foreach (var run in runs)
                table.AddRow(run.Id.ToString("N"), run.Name, run.TrainerKind, run.State.ToString(),
                    run.ProgressTotal > 0 ? $"{run.ProgressCompleted}/{run.ProgressTotal}" : "", run.CreatedAt.ToString("yyyy-MM-dd HH:mm"));
            table.Write();
            return 0;
        });

        var showId = new Argument<string>("run") { Description = "The run's id, or its name if no other run has it." };
        var show = new Command("show", "A run: state, progress, config, hardware and latest metrics.") { showId, data, db };
        show.SetAction(async (result, ct) =>
        {
            using var host = await CliHost.StartAsync(result.GetValue(data), result.GetValue(db), ct);
            await using var scope = host.Services.CreateAsyncScope();
            var (run, problem) = await FindRunAsync(scope.ServiceProvider, result.GetValue(showId)!, ct);
            if (run is null) return Fail(problem!);
            var latest = (await scope.ServiceProvider.GetRequiredService<MetricStore>().LatestAsync([run.Id], ct)).GetValueOrDefault(run.Id) ?? [];
            var grid = new Grid().AddColumn().AddColumn();
            void Row(string name, string? value) => grid.AddRow(new Text(TerminalText.Safe(name)), new Text(TerminalText.Safe(value)));
            Row("Name", run.Name);
            Row("State", run.State + (run.FailureReason is { } reason ? $": {reason}" : "") + (run.IsCancelRequested && run.IsActive ? " (cancel requested)" : ""));
            Row("Trainer", run.TrainerKind + (run.IsExternal ? " (external)" : ""));
            var models = scope.ServiceProvider.GetRequiredService<Models.ModelRegistry>();
            if (run.ParentModelVersionId is { } parentId)
                Row("Continues from", await models.FindAsync(run.ProjectId, parentId, ct) is { } parent ? $"{parent.ModelName} v{parent.Number}" : $"{parentId} (gone)");
            if ((await models.ProducedByAsync([run.Id], ct)).GetValueOrDefault(run.Id) is { } produced)
                Row("Produced", $"{produced.ModelName} v{produced.Number}");
            Row("Progress", run.ProgressTotal > 0 ? $"{run.ProgressCompleted} of {run.ProgressTotal}" : "");
            Row("Best", run.BestStep is { } b ? $"{run.MonitorMetric} {run.BestValue:G6} at step {b}" : "");
            Row("Attempt", $"{run.Attempt}{(run.Worker is { } w ? $" on {w}" : "")}");
            Row("Hardware", $"{run.Hardware.CpuModel} {run.Hardware.Cores} cores {run.Hardware.MemoryMb} MB {run.Hardware.Gpu}".Trim());
            Row("Config", run.Config);
            foreach (var metric in latest.Values.OrderBy(m => m.Key)) Row($"  {metric.Key}", $"{metric.Value:G6} (step {metric.Step})");
            AnsiConsole.Write(grid);
            return 0;
        });

        var cancelId = new Argument<string>("run") { Description = "The run's id, or its name if no other run has it." };
        var cancel = new Command("cancel", "Cancel a run; a running one stops at its next epoch.") { cancelId, data, db };
        cancel.SetAction(async (result, ct) =>
        {
            using var host = await CliHost.StartAsync(result.GetValue(data), result.GetValue(db), ct);
            await using var scope = host.Services.CreateAsyncScope();
            var (run, problem) = await FindRunAsync(scope.ServiceProvider, result.GetValue(cancelId)!, ct);
            if (run is null) return Fail(problem!);
            try
            {
                run = await scope.ServiceProvider.GetRequiredService<TrainingService>().RequestCancelAsync(run.Id, ct);
            }
            catch (InvalidInputException e)
            {
                return Fail(e.Message);
            }
            Console.WriteLine(run!.State == TrainingRunState.Cancelled ? "Cancelled." : "Cancel requested; the worker stops the run at its next epoch.");
            return 0;
        });

        var logsId = new Argument<string>("run") { Description = "The run's id, or its name if no other run has it." };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new lines until the run ends." };
        var logs = new Command("logs", "A run's log.") { logsId, follow, data, db };
        logs.SetAction(async (result, ct) =>
        {
            using var host = await CliHost.StartAsync(result.GetValue(data), result.GetValue(db), ct);
            var (run, problem) = await FindRunAsync(host.Services, result.GetValue(logsId)!, ct);
            if (run is null) return Fail(problem!);
            long after = 0;
            while (!ct.IsCancellationRequested)
            {
                await using var scope = host.Services.CreateAsyncScope();
                var training = scope.ServiceProvider.GetRequiredService<TrainingService>();
                foreach (var line in await training.LogsAsync(run.Id, after, 1000, ct))
                {
                    Console.WriteLine($"{line.Timestamp:yyyy-MM-dd HH:mm:ss} {line.Level,-11} {TerminalText.Safe(line.Message)}");
                    after = line.Id;
                }
                if (!result.GetValue(follow)) break;
                var current = await training.Runs.AsNoTracking().Where(r => r.Id == run.Id).Select(r => r.State).FirstAsync(ct);
                if (current is TrainingRunState.Completed or TrainingRunState.Failed or TrainingRunState.Cancelled)
                {
                    // One more read for lines written just before the end.
                    foreach (var line in await training.LogsAsync(run.Id, after, 10_000, ct))
                        Console.WriteLine($"{line.Timestamp:yyyy-MM-dd HH:mm:ss} {line.Level,-11} {TerminalText.Safe(line.Message)}");
                    Console.WriteLine($"Run {current.ToString().ToLowerInvariant()}.");
                    break;
                }
                await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
            }
            return 0;
        });

        return new Command("runs", "Training runs.") { list, show, cancel, logs };
    }

    /// <summary>A run by id, or by name when exactly one (not deleted) run has it; otherwise what to say instead.</summary>
    private static async Task<(TrainingRun? Run, string? Problem)> FindRunAsync(IServiceProvider services, string idOrName, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var runs = scope.ServiceProvider.GetRequiredService<LodestoneDb>().Set<TrainingRun>().AsNoTracking();
        if (Guid.TryParse(idOrName, out var runId))
            return await runs.FirstOrDefaultAsync(r => r.Id == runId, ct) is { } run ? (run, null) : (null, $"No run {idOrName}.");
        var named = await runs.Where(r => r.Name == idOrName && r.DeletedAt == null).OrderBy(r => r.CreatedAt).Take(50).ToListAsync(ct);
        return named.Count switch
        {
            0 => (null, $"No run named '{idOrName}'."),
            1 => (named[0], null),
            _ => (null, $"{named.Count} runs are named '{idOrName}'; give one of their ids: {string.Join(", ", named.Select(r => r.Id.ToString("N")))}."),
        };
    }

    internal static async Task<Guid?> ProjectIdAsync(LodestoneDb db, string idOrName, CancellationToken ct) =>
        Guid.TryParse(idOrName, out var id)
            ? await db.Projects.Where(p => p.Id == id).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(ct)
            : (await db.Projects.AsNoTracking().Select(p => new { p.Id, p.Name }).ToListAsync(ct))
                .FirstOrDefault(p => string.Equals(p.Name, idOrName, StringComparison.OrdinalIgnoreCase))?.Id;

    internal static int Fail(string message)
    {
        AnsiConsole.MarkupLineInterpolated($"[red]{TerminalText.Safe(message)}[/]");
        return 1;
    }
}
