using System.CommandLine;
using Lodestone.Data;
using Lodestone.Datasets;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace Lodestone.Cli;

/// <summary>
/// <c>lodestone import FILE --project P</c>: imports a CSV into a project of the data folder, with a progress bar.
/// Whoever can read the data folder can read every project in it, so this works on the folder directly, without a server.
/// </summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "The CSV to import." };
        var project = new Option<string>("--project", "-p") { Description = "The project's name or id.", Required = true };
        var name = new Option<string?>("--name") { Description = "The dataset's name; default: the file's name." };
        var data = CommonOptions.DataFolder();
        var db = CommonOptions.Database();
        var command = new Command("import", "Import a CSV recording into a project (magnetometer schema recognised; other CSVs get a proposed mapping).")
        {
            file, project, name, data, db,
        };
        command.SetAction(async (result, ct) =>
        {
            var csv = result.GetValue(file)!;
            if (!csv.Exists)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]No file {csv.FullName}.[/]");
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

            try
            {
                var limit = scope.ServiceProvider.GetRequiredService<SampleDatabase>().Options.MaxCsvColumns;
                var inspection = CsvInspector.Inspect(csv.FullName, csv.Name, limit);
                AnsiConsole.MarkupLineInterpolated($"[grey]{TerminalText.Safe(csv.Name)}: {inspection.Schema} schema, timestamp '{TerminalText.Safe(inspection.Mapping.TimestampColumn)}' ({inspection.Mapping.TimestampFormat}), channels {TerminalText.Safe(string.Join(", ", inspection.Mapping.Channels ?? inspection.NumericColumns))}[/]");
                (Dataset Dataset, ImportResult Result)? imported = null;
                await AnsiConsole.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                    .StartAsync(async context =>
                    {
                        var shownName = Markup.Escape(TerminalText.Safe(csv.Name));
                        var bar = context.AddTask($"Importing {shownName}", maxValue: 1.0);
                        var progress = new Progress<ImportProgress>(p =>
                        {
                            bar.Description = $"{p.Stage} {shownName}";
                            bar.Value = p.Fraction;
                        });
                        imported = await scope.ServiceProvider.GetRequiredService<DatasetService>()
                            .ImportAsync(target.Id, result.GetValue(name) ?? "", csv.FullName, csv.Name, inspection.Mapping, null, progress, ct);
                        bar.Value = 1.0;
                    });
                var (dataset, outcome) = imported!.Value;
                AnsiConsole.MarkupLineInterpolated($"[green]Imported[/] {dataset.RowCount:N0} rows into '{TerminalText.Safe(dataset.Name)}' ({dataset.Id}), {dataset.StartTime:u} – {dataset.EndTime:u}.");
                foreach (var note in outcome.Notes) AnsiConsole.MarkupLineInterpolated($"[yellow]{TerminalText.Safe(note)}[/]");
                return 0;
            }
            catch (ImportException e)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{TerminalText.Safe(e.Message)}[/]");
                AnsiConsole.MarkupLine("Nothing was imported.");
                return 1;
            }
        });
        return command;
    }
}
