using System.CommandLine;
using Lodestone.Accounts;
using Spectre.Console;

namespace Lodestone.Cli;

/// <summary><c>lodestone users add|password|api-key</c>: accounts from the shell of the machine that holds the data folder.</summary>
internal static class UsersCommand
{
    public static Command Create()
    {
        var data = CommonOptions.DataFolder();
        var db = CommonOptions.Database();

        var name = new Argument<string>("name") { Description = "The user name." };
        var admin = new Option<bool>("--admin") { Description = "Make the user a system administrator." };
        var add = new Command("add", "Create a user; the password is asked for, or generated and printed once.") { name, admin, data, db };
        add.SetAction(async (result, ct) =>
        {
            using var host = await CliHost.StartAsync(result.GetValue(data), result.GetValue(db), ct);
            await using var scope = host.Services.CreateAsyncScope();
            var password = Console.IsInputRedirected ? "" : AnsiConsole.Prompt(
                new TextPrompt<string>("Password (empty: generate one):").Secret().AllowEmpty());
            var generated = string.IsNullOrEmpty(password);
            if (generated) password = Passwords.Generate();
            try
            {
                var user = await scope.ServiceProvider.GetRequiredService<AccountService>()
                    .CreateUserAsync(result.GetValue(name)!, "", password, result.GetValue(admin), ct);
                AnsiConsole.MarkupLineInterpolated($"Created user [bold]{user.UserName}[/].");
                if (generated) AnsiConsole.MarkupLineInterpolated($"Password (shown once): [bold]{password}[/]");
                return 0;
            }
            catch (InvalidInputException e)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{e.Message}[/]");
                return 1;
            }
        });

        var keyUser = new Argument<string>("name") { Description = "The user the key belongs to." };
        var keyName = new Option<string>("--key-name") { Description = "A name for the key.", DefaultValueFactory = _ => "cli" };
        var apiKey = new Command("api-key", "Create an API key for a user and print it once.") { keyUser, keyName, data, db };
        apiKey.SetAction(async (result, ct) =>
        {
            using var host = await CliHost.StartAsync(result.GetValue(data), result.GetValue(db), ct);
            await using var scope = host.Services.CreateAsyncScope();
            var db2 = scope.ServiceProvider.GetRequiredService<Data.LodestoneDb>();
            var userName = result.GetValue(keyUser)!.Trim().ToLowerInvariant();
            var user = db2.Users.FirstOrDefault(u => u.UserName == userName);
            if (user is null)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]No user '{userName}'.[/]");
                return 1;
            }
            var (_, plain) = await scope.ServiceProvider.GetRequiredService<AccountService>().CreateApiKeyAsync(user.Id, result.GetValue(keyName)!, ct);
            Console.WriteLine(plain);
            return 0;
        });

        var passwordUser = new Argument<string>("name") { Description = "The user whose password is set." };
        var password = new Command("password", "Set a user's password (asked for, or generated and printed once); signs them out everywhere.")
            { passwordUser, data, db };
        password.SetAction(async (result, ct) =>
        {
            using var host = await CliHost.StartAsync(result.GetValue(data), result.GetValue(db), ct);
            await using var scope = host.Services.CreateAsyncScope();
            var chosen = Console.IsInputRedirected ? "" : AnsiConsole.Prompt(
                new TextPrompt<string>("New password (empty: generate one):").Secret().AllowEmpty());
            var generated = string.IsNullOrEmpty(chosen);
            if (generated) chosen = Passwords.Generate();
            try
            {
                var user = await scope.ServiceProvider.GetRequiredService<AccountService>().ResetPasswordAsync(result.GetValue(passwordUser)!, chosen, ct);
                if (user is null)
                {
                    AnsiConsole.MarkupLineInterpolated($"[red]No user '{result.GetValue(passwordUser)}'.[/]");
                    return 1;
                }
                AnsiConsole.MarkupLineInterpolated($"Set the password of [bold]{user.UserName}[/]; their sessions have ended.");
                if (generated) AnsiConsole.MarkupLineInterpolated($"Password (shown once): [bold]{chosen}[/]");
                return 0;
            }
            catch (InvalidInputException e)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{e.Message}[/]");
                return 1;
            }
        });

        return new Command("users", "Manage user accounts.") { add, password, apiKey };
    }
}
