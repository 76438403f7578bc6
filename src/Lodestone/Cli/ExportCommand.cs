using System.CommandLine;
using Lodestone.Archives;
using Lodestone.Data;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace Lodestone.Cli;

/// <summary>
/// <c>lodestone export --project P OUT</c>: writes a project of the data folder to one archive, with a progress bar in
/// bytes. Works on the folder directly, like <c>lodestone import</c>: whoever can read the folder can read every project.
/// </summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var output = new Argument<FileInfo>("out") { Description = "The archive to write (e.g. pumps.lodestone.zip)." };
        var project = new Option<string>("--project", "-p") { Description = "The project's name or id.", Required = true };
        var data = CommonOptions.DataFolder();
        var db = CommonOptions.Database();
        var command = new Command("export", "Export a project (rows, samples, runs, models, files) to one archive file.") { output, project, data, db };
        command.SetAction(async (result, ct) =>
        {
            var file = result.GetValue(output)!;
            if (file.Exists)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{file.FullName} exists already.[/] Choose another file.");
                return 2;
            }
            using var host = await CliHost.StartAsync(result.GetValue(data), result.GetValue(db), ct);
            await using var scope = host.Services.CreateAsyncScope();
            var wanted = result.GetValue(project)!;
            var projects = await scope.ServiceProvider.GetRequiredService<LodestoneDb>().Projects.AsNoTracking().ToListAsync(ct);
            var target = projects.FirstOrDefault(p => p.Id.ToString() == wanted || string.Equals(p.Name, wanted, StringComparison.OrdinalIgnoreCase));
            if (target is null)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]No project '{TerminalText.Safe(wanted)}' in this data folder.[/] Projects: {TerminalText.Safe(string.Join(", ", projects.Select(p => p.Name)))}");
                return 2;
            }
            var partial = file.FullName + ".partial";
            ArchiveManifest? manifest = null;
            try
            {
                await ArchiveProgressBar.RunAsync($"Exporting {TerminalText.Safe(target.Name)}", async progress =>
                {
                    await using var stream = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
                    manifest = await scope.ServiceProvider.GetRequiredService<ProjectExporter>().ExportAsync(target.Id, stream, progress, ct);
                });
                File.Move(partial, file.FullName);
            }
            catch
            {
                File.Delete(partial);
                throw;
            }
            var rows = manifest!.Counts.Where(c => c.Key != "files").Sum(c => c.Value);
            AnsiConsole.MarkupLineInterpolated($"[green]Exported[/] '{TerminalText.Safe(target.Name)}' to {file.FullName}: {rows:N0} rows, {manifest.Counts["files"]:N0} files, {new FileInfo(file.FullName).Length / 1048576.0:N1} MB.");
            return 0;
        });
        return command;
    }
}
