using System.CommandLine;
using Lodestone.Data;
using Lodestone.Hosting;
using Lodestone.Projects;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace Lodestone.Cli;

/// <summary><c>lodestone projects list|create</c> on the data folder.</summary>
internal static class ProjectsCommand
{
    public static Command Create()
    {
        var data = CommonOptions.DataFolder();
        var db = CommonOptions.Database();

        var list = new Command("list", "List the projects with their members.") { data, db };
        list.SetAction(async (result, ct) =>
        {
            using var host = await CliHost.StartAsync(result.GetValue(data), result.GetValue(db), ct);
            await using var scope = host.Services.CreateAsyncScope();
            var store = scope.ServiceProvider.GetRequiredService<LodestoneDb>();
            var users = await store.Users.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.UserName, ct);
            var table = TerminalTable.Create("Project", "Id", "Members", "Datasets");
            foreach (var project in await store.Projects.AsNoTracking().Include(p => p.Members).OrderBy(p => p.Name).ToListAsync(ct))
            {
                var datasets = await store.Datasets.CountAsync(d => d.ProjectId == project.Id, ct);
                table.AddRow(TerminalTable.Cell(project.Name), TerminalTable.Cell(project.Id.ToString()),
                    TerminalTable.Cell(string.Join(", ", project.Members.Select(m => $"{users[m.UserId]} ({m.Role})"))), TerminalTable.Cell(datasets.ToString()));
            }
            AnsiConsole.Write(table);
            return 0;
        });

        var name = new Argument<string>("name") { Description = "The project's name." };
        var owner = new Option<string>("--owner") { Description = "The user who becomes its admin.", DefaultValueFactory = _ => Accounts.AccountService.AdminUserName };
        var create = new Command("create", "Create a project owned by a user.") { name, owner, data, db };
        create.SetAction(async (result, ct) =>
        {
            using var host = await CliHost.StartAsync(result.GetValue(data), result.GetValue(db), ct);
            await using var scope = host.Services.CreateAsyncScope();
            var ownerName = result.GetValue(owner)!.Trim().ToLowerInvariant();
            var users = scope.ServiceProvider.GetRequiredService<LodestoneDb>().Users;
            var user = await users.FirstOrDefaultAsync(u => u.UserName == ownerName, ct);
            // On a fresh folder (no user yet, as before the first `serve`) the default owner is made as serve makes it.
            if (user is null && ownerName == Accounts.AccountService.AdminUserName
                && await scope.ServiceProvider.GetRequiredService<Accounts.AccountService>().EnsureAdministratorAsync(ct) is { } password)
            {
                StartupInitializer.PrintAdministrator(password);
                user = await users.FirstAsync(u => u.UserName == ownerName, ct);
            }
            if (user is null)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]No user '{ownerName}'.[/] Create one with `lodestone users add`.");
                return 2;
            }
            var project = await scope.ServiceProvider.GetRequiredService<ProjectService>().CreateAsync(result.GetValue(name)!, "", user.Id, ct);
            AnsiConsole.MarkupLineInterpolated($"Created project [bold]{TerminalText.Safe(project.Name)}[/] ({project.Id}), admin {user.UserName}.");
            return 0;
        });

        return new Command("projects", "Manage projects.") { list, create };
    }
}
