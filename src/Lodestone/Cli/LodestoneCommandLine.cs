using System.CommandLine;

namespace Lodestone.Cli;

/// <summary>The <c>lodestone</c> command and its subcommands. With no subcommand it serves, like <c>lodestone serve</c>.</summary>
public static class LodestoneCommandLine
{
    public static RootCommand Create()
    {
        var serve = ServeCommand.Create();
        var root = new RootCommand("Lodestone: machine learning on sensor time series, local-first.")
        {
            serve,
            ProjectsCommand.Create(),
            ImportCommand.Create(),
            ExportCommand.Create(),
            ImportProjectCommand.Create(),
            SamplesCommand.Create(),
            UsersCommand.Create(),
            WorkerCommand.Create(),
            RunsCommand.Create(),
            ModelsCommand.Create(),
        };
        // Bare `lodestone` (and the host arguments WebApplicationFactory passes) serve with defaults.
        root.TreatUnmatchedTokensAsErrors = false;
        foreach (var option in serve.Options) root.Options.Add(option);
        root.Action = serve.Action;
        return root;
    }
}
