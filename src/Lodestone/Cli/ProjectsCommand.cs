using System.CommandLine;
using Lodestone.Data;
using Lodestone.Hosting;
using Lodestone.Projects;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace Lodestone.Cli;

/// <summary><c>lodestone projects list|create|add-member</c> on the data folder (as its owner: every project, like a system administrator).</summary>
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
            var table = new TerminalTable("Project", "Id", "Members", "Datasets");
            foreach (var project in await store.Projects.AsNoTracking().Include(p => p.Members).OrderBy(p => p.Name).ToListAsync(ct))
            {
                var datasets = await store.Datasets.CountAsync(d => d.ProjectId == project.Id, ct);
                table.AddRow(project.Name, project.Id.ToString(),
                    string.Join(", ", project.Members.Select(m => $"{users[m.UserId]} ({m.Role})")), datasets.ToString());
            }
            table.Write();
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

        var memberProject = new Argument<string>("project") { Description = "The project's id or name." };
        var memberUser = new Argument<string>("user") { Description = "The user name." };
        var role = new Option<ProjectRole>("--role") { Description = "Viewer, Editor or Admin.", DefaultValueFactory = _ => ProjectRole.Viewer };
        var addMember = new Command("add-member", "Add a member to a project or change their role (repairs a project left without an admin).")
            { memberProject, memberUser, role, data, db };
        addMember.SetAction(async (result, ct) =>
        {
            using var host = await CliHost.StartAsync(result.GetValue(data), result.GetValue(db), ct);
            await using var scope = host.Services.CreateAsyncScope();
            var store = scope.ServiceProvider.GetRequiredService<LodestoneDb>();
            var key = result.GetValue(memberProject)!;
            var project = Guid.TryParse(key, out var id)
                ? await store.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct)
                : (await store.Projects.AsNoTracking().ToListAsync(ct)).FirstOrDefault(p => string.Equals(p.Name, key, StringComparison.OrdinalIgnoreCase));
            var userName = result.GetValue(memberUser)!.Trim().ToLowerInvariant();
            var user = await store.Users.AsNoTracking().FirstOrDefaultAsync(u => u.UserName == userName, ct);
            if (project is null || user is null)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{(project is null ? $"No project '{key}'." : $"No user '{userName}'.")}[/]");
                return 1;
            }
            try
            {
                await scope.ServiceProvider.GetRequiredService<ProjectService>().SetMemberAsync(project.Id, user.Id, result.GetValue(role), ct);
            }
            catch (InvalidInputException e)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{e.Message}[/]");
                return 1;
            }
            AnsiConsole.MarkupLineInterpolated($"[bold]{user.UserName}[/] is {result.GetValue(role)} of {project.Name}.");
            return 0;
        });

        return new Command("projects", "Manage projects.") { list, create, addMember };
    }
}
