using System.CommandLine;
using Lodestone.Hosting;

namespace Lodestone.Cli;

internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen.", DefaultValueFactory = _ => "http://127.0.0.1:5000" };
        var data = CommonOptions.DataFolder();
        var db = CommonOptions.Database();
        var demo = new Option<bool>("--demo") { Description = "Load a demo project with generated magnetometer recordings." };
        var command = new Command("serve", "Start the web UI, the REST API and the job server.") { urls, data, db, demo };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (result, cancellationToken) =>
        {
            var args = new List<string>(result.UnmatchedTokens);
            args.AddRange(CommonOptions.AsConfiguration(result.GetValue(data), result.GetValue(db)));
            // WebApplicationFactory supplies its own server; only a real start gets the listening address.
            if (!args.Any(a => a.StartsWith("--urls", StringComparison.Ordinal))) args.Add($"--urls={result.GetValue(urls)}");
            if (result.GetValue(demo)) args.Add("--Lodestone:Demo=true");
            var app = LodestoneWebApp.Build([.. args]);
            await app.RunAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
