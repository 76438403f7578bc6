using System.CommandLine;
using Lodestone.Data;
using Lodestone.Models;
using Lodestone.Training;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace Lodestone.Cli;

/// <summary>
/// <c>lodestone models list|show|alias|clone</c>: the model registry from the shell of a machine that holds the data
/// folder (or reaches the PostgreSQL database). Model names are unique within a project, so every command but
/// <c>list</c> names one with <c>--project</c>.
/// </summary>
internal static class ModelsCommand
{
    public static Command Create() => new("models", "Registered models and their versions.") { List(), Show(), Alias(), Clone() };

    private static Command List()
    {
        var data = CommonOptions.DataFolder();
        var db = CommonOptions.Database();
        var project = new Option<string?>("--project") { Description = "Only this project's models (id or name)." };
        var list = new Command("list", "Models, most recently updated first.") { project, data, db };
        list.SetAction(async (result, ct) =>
        {
            using var host = await CliHost.StartAsync(result.GetValue(data), result.GetValue(db), ct);
            await using var scope = host.Services.CreateAsyncScope();
            var store = scope.ServiceProvider.GetRequiredService<LodestoneDb>();
            var models = store.Set<Model>().AsNoTracking();
            if (result.GetValue(project) is { } p)
            {
                if (await RunsCommand.ProjectIdAsync(store, p, ct) is not { } projectId) return RunsCommand.Fail($"No project '{p}'.");
                models = models.Where(m => m.ProjectId == projectId);
            }
            var found = await models.OrderByDescending(m => m.UpdatedAt).Take(500).ToListAsync(ct);
            var ids = found.Select(m => m.Id).ToList();
            var versions = (await store.Set<ModelVersion>().AsNoTracking().Where(v => ids.Contains(v.ModelId)).ToListAsync(ct)).ToLookup(v => v.ModelId);
            var aliases = await scope.ServiceProvider.GetRequiredService<ModelCatalog>().AliasesAsync(ids, ct);
            var projects = await store.Projects.AsNoTracking().ToDictionaryAsync(x => x.Id, x => x.Name, ct);
            var table = new TerminalTable("Project", "Model", "Task", "Versions", "Aliases", "Best", "Updated (UTC)");
            foreach (var model in found)
            {
                var best = MetricAcrossVersions.Of(versions[model.Id]).FirstOrDefault(m => MetricGoals.IsQuality(m.Key));
                table.AddRow(projects.GetValueOrDefault(model.ProjectId), model.Name, model.Task?.ToString(), versions[model.Id].Count().ToString(),
                    string.Join(", ", (aliases.GetValueOrDefault(model.Id) ?? []).Select(a => $"{a.Alias}→v{a.Number}")),
                    best is null ? "" : $"{best.Key} {best.Best:G4} (v{best.BestVersion})", model.UpdatedAt.ToString("yyyy-MM-dd HH:mm"));
            }
            table.Write();
            return 0;
        });
        return list;
    }

    private static Command Show()
    {
        var (data, db, project, name) = ModelOptions();
        var show = new Command("show", "A model: metadata, aliases, and its versions with where each came from and its metrics.") { name, project, data, db };
        show.SetAction(async (result, ct) =>
        {
            using var host = await CliHost.StartAsync(result.GetValue(data), result.GetValue(db), ct);
            await using var scope = host.Services.CreateAsyncScope();
            var (projectId, model, problem) = await FindAsync(scope.ServiceProvider, result.GetValue(project)!, result.GetValue(name)!, ct);
            if (model is null) return RunsCommand.Fail(problem!);
            var versions = (await scope.ServiceProvider.GetRequiredService<ModelRegistry>().ListAsync(projectId, cancellationToken: ct))
                .Where(v => v.ModelId == model.Id).OrderBy(v => v.Number).ToList();
            var origins = await scope.ServiceProvider.GetRequiredService<ModelRegistry>().ByIdAsync(
                versions.SelectMany(v => new[] { v.ParentVersionId, v.ClonedFromVersionId }).OfType<Guid>().Distinct().ToList(), ct);
            var aliases = (await scope.ServiceProvider.GetRequiredService<ModelCatalog>().AliasesAsync([model.Id], ct)).GetValueOrDefault(model.Id) ?? [];
            var grid = new Grid().AddColumn().AddColumn();
            void Row(string label, string? value) => grid.AddRow(new Text(label), new Text(TerminalText.Safe(value)));
            Row("Model", model.Name);
            Row("Task", model.Task?.ToString());
            Row("Category", model.Category);
            Row("Author", model.Author);
            Row("Description", model.Description);
            Row("Tags", string.Join(", ", model.Tags.Select(t => $"{t.Key}={t.Value}")));
            Row("Aliases", string.Join(", ", aliases.Select(a => $"{a.Alias} → v{a.Number}")));
            AnsiConsole.Write(grid);
            string Named(Guid id) => origins.TryGetValue(id, out var o) ? $"{o.ModelName} v{o.Number}" : "a deleted version";
            var table = new TerminalTable("Version", "Label", "Created (UTC)", "Trainer", "From", "Metrics");
            foreach (var v in versions)
                table.AddRow($"v{v.Number}", v.VersionLabel, v.CreatedAt.ToString("yyyy-MM-dd HH:mm"), v.TrainerKind,
                    v.ClonedFromVersionId is { } c ? $"cloned from {Named(c)}" : v.ParentVersionId is { } p ? $"continues {Named(p)}" : "from scratch",
                    string.Join(" ", MetricGoals.Ordered(v.Metrics.Keys).Take(4).Select(k => $"{k}={v.Metrics[k]:G4}")));
            table.Write();
            return 0;
        });
        return show;
    }

    private static Command Alias()
    {
        var (data, db, project, name) = ModelOptions();
        var alias = new Argument<string>("alias") { Description = "The alias: production, staging, or any name." };
        var version = new Argument<int?>("version") { Description = "The version number it points at; leave out with --remove.", Arity = ArgumentArity.ZeroOrOne };
        var remove = new Option<bool>("--remove") { Description = "Remove the alias instead." };
        var command = new Command("alias", "Point an alias at a version (creating or moving it), or remove it.") { name, alias, version, remove, project, data, db };
        command.SetAction(async (result, ct) =>
        {
            using var host = await CliHost.StartAsync(result.GetValue(data), result.GetValue(db), ct);
            await using var scope = host.Services.CreateAsyncScope();
            var (projectId, model, problem) = await FindAsync(scope.ServiceProvider, result.GetValue(project)!, result.GetValue(name)!, ct);
            if (model is null) return RunsCommand.Fail(problem!);
            var catalog = scope.ServiceProvider.GetRequiredService<ModelCatalog>();
            var aliasName = result.GetValue(alias)!;
            if (result.GetValue(remove))
            {
                if (!await catalog.DeleteAliasAsync(projectId, model.Name, aliasName, ct)) return RunsCommand.Fail($"{model.Name} has no alias '{aliasName}'.");
                Console.WriteLine($"Removed {aliasName} from {TerminalText.Safe(model.Name)}.");
                return 0;
            }
            if (result.GetValue(version) is not { } number) return RunsCommand.Fail("Give the version number the alias points at, or --remove.");
            try
            {
                await catalog.SetAliasAsync(projectId, model.Name, aliasName, number, ct);
            }
            catch (InvalidInputException e)
            {
                return RunsCommand.Fail(e.Message);
            }
            Console.WriteLine($"{aliasName} → {TerminalText.Safe(model.Name)} v{number}");
            return 0;
        });
        return command;
    }

    private static Command Clone()
    {
        var (data, db, project, name) = ModelOptions();
        var newName = new Option<string?>("--name") { Description = "The clone's name; generated when left out." };
        var withData = new Option<bool>("--with-training-data") { Description = "Keep the datasets its versions were fitted on." };
        var command = new Command("clone", "Copy a model and its versions' facts into a new model (aliases stay with the original).") { name, newName, withData, project, data, db };
        command.SetAction(async (result, ct) =>
        {
            using var host = await CliHost.StartAsync(result.GetValue(data), result.GetValue(db), ct);
            await using var scope = host.Services.CreateAsyncScope();
            var (projectId, model, problem) = await FindAsync(scope.ServiceProvider, result.GetValue(project)!, result.GetValue(name)!, ct);
            if (model is null) return RunsCommand.Fail(problem!);
            try
            {
                var clone = await scope.ServiceProvider.GetRequiredService<ModelCatalog>()
                    .CloneAsync(projectId, model.Name, result.GetValue(newName), result.GetValue(withData), Environment.UserName, ct);
                Console.WriteLine($"Cloned {TerminalText.Safe(model.Name)} as {TerminalText.Safe(clone!.Name)}.");
                return 0;
            }
            catch (Exception e) when (e is InvalidInputException or ModelNameTakenException)
            {
                return RunsCommand.Fail(e.Message);
            }
        });
        return command;
    }

    private static (Option<string?> Data, Option<string?> Db, Option<string> Project, Argument<string> Name) ModelOptions() => (
        CommonOptions.DataFolder(), CommonOptions.Database(),
        new Option<string>("--project") { Description = "The model's project (id or name).", Required = true },
        new Argument<string>("model") { Description = "The model's name." });

    private static async Task<(Guid ProjectId, Model? Model, string? Problem)> FindAsync(IServiceProvider services, string project, string name, CancellationToken ct)
    {
        var store = services.GetRequiredService<LodestoneDb>();
        if (await RunsCommand.ProjectIdAsync(store, project, ct) is not { } projectId) return (default, null, $"No project '{project}'.");
        var model = await services.GetRequiredService<ModelCatalog>().FindAsync(projectId, name, ct);
        return model is null ? (projectId, null, $"Project '{project}' has no model '{name}'.") : (projectId, model, null);
    }
}
