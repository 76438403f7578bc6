using System.CommandLine;
using Lodestone.Archives;
using Lodestone.Data;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace Lodestone.Cli;

/// <summary>
/// <c>lodestone import-project FILE</c>: imports an archive made by <c>lodestone export</c> (here or on another machine)
/// as a new project of the data folder, owned by <c>--owner</c>, with a progress bar in bytes.
/// </summary>
internal static class ImportProjectCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "The archive to import." };
        var name = new Option<string?>("--name") { Description = "The new project's name; default: the archived name, made unique." };
        var owner = new Option<string>("--owner") { Description = "The user who becomes its admin.", DefaultValueFactory = _ => Accounts.AccountService.AdminUserName };
        var data = CommonOptions.DataFolder();
        var db = CommonOptions.Database();
        var command = new Command("import-project", "Import a project archive as a new project (every id new; members kept where the user exists here).")
        {
            file, name, owner, data, db,
        };
        command.SetAction(async (result, ct) =>
        {
            var archive = result.GetValue(file)!;
            if (!archive.Exists)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]No file {archive.FullName}.[/]");
                return 2;
            }
            using var host = await CliHost.StartAsync(result.GetValue(data), result.GetValue(db), ct);
            await using var scope = host.Services.CreateAsyncScope();
            var ownerName = result.GetValue(owner)!.Trim().ToLowerInvariant();
            var user = await scope.ServiceProvider.GetRequiredService<LodestoneDb>().Users.AsNoTracking().FirstOrDefaultAsync(u => u.UserName == ownerName, ct);
            if (user is null)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]No user '{TerminalText.Safe(ownerName)}'.[/] Create one with `lodestone users add`, or name another with --owner.");
                return 2;
            }
            try
            {
                ImportedProject? imported = null;
                await ArchiveProgressBar.RunAsync($"Importing {TerminalText.Safe(archive.Name)}", async progress =>
                    imported = await scope.ServiceProvider.GetRequiredService<ProjectImporter>()
                        .ImportAsync(archive.FullName, user.Id, result.GetValue(name), progress, ct));
                var rows = imported!.Rows.Sum(r => r.Value);
                AnsiConsole.MarkupLineInterpolated($"[green]Imported[/] project '{TerminalText.Safe(imported.Name)}' ({imported.Id}): {rows:N0} rows, {imported.Files:N0} files, admin {user.UserName}.");
                return 0;
            }
            catch (InvalidInputException e)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{TerminalText.Safe(e.Message)}[/]");
                AnsiConsole.MarkupLine("Nothing was imported.");
                return 1;
            }
        });
        return command;
    }
}
