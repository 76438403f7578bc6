using System.Diagnostics;
using System.Text.Json;
using Lodestone.Training;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Lodestone.Mlflow;

/// <summary>
/// A real MLflow client against a real server: the npm <c>mlflow</c> package (an MLflow REST client for Node.js) runs
/// <c>node/client.js</c> against the app listening on loopback. Needs <c>node</c> and <c>npm</c> (and the npm registry,
/// or npm's cache, for the first install); skipped with a message when node is missing.
/// </summary>
// App hosts that train runs take turns: they share two cores, and Hangfire keeps some process-wide state (its global configuration and log provider).
[Collection(AppHostsCollection.Name)]
public class NodeMlflowClientTests
{
    [NodeFact]
    public async Task The_npm_mlflow_client_logs_a_run_that_reads_back_with_its_params_metrics_and_tags()
    {
        var client = PrepareClient();
        using var app = new TrainingAppFactory();
        app.UseKestrel(0);
        app.StartServer();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var (_, key, _) = await app.CreateUserAsync("node-user");

        var (exit, output, errors) = await RunAsync("node", client, $"client.js {address} {key}");

        Assert.True(exit == 0, $"node exited {exit}: {errors}");
        var result = JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement;
        Assert.Equal("node-client", result.GetProperty("experiment").GetProperty("name").GetString());
        var run = result.GetProperty("run");
        Assert.Equal("FINISHED", run.GetProperty("info").GetProperty("status").GetString());
        Assert.Equal("node-run", run.GetProperty("info").GetProperty("run_name").GetString());
        var parameters = run.GetProperty("data").GetProperty("params").EnumerateArray().ToDictionary(p => p.GetProperty("key").GetString()!, p => p.GetProperty("value").GetString());
        Assert.Equal("0.003", parameters["lr"]);
        Assert.Equal("adam", parameters["optimizer"]);
        Assert.Contains(run.GetProperty("data").GetProperty("tags").EnumerateArray(), t => t.GetProperty("key").GetString() == "stage");
        Assert.Equal([0L, 1, 2, 3], result.GetProperty("history").EnumerateArray().Select(m => m.GetProperty("step").GetInt64()));
        Assert.Single(result.GetProperty("search").EnumerateArray());
    }

    /// <summary>Copies the client to a temporary folder and installs its locked dependencies there.</summary>
    private static string PrepareClient()
    {
        var source = Path.Combine(RepositoryRoot(), "tests", "Lodestone.Tests", "Mlflow", "node");
        var folder = Path.Combine(Path.GetTempPath(), "lodestone-node-mlflow");
        Directory.CreateDirectory(folder);
        foreach (var file in new[] { "package.json", "package-lock.json", "client.js" })
            File.Copy(Path.Combine(source, file), Path.Combine(folder, file), overwrite: true);
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "mlflow")))
        {
            var (exit, _, errors) = RunAsync("npm", folder, "ci --no-audit --no-fund").GetAwaiter().GetResult();
            Assert.True(exit == 0, $"npm ci failed: {errors}");
        }
        return folder;
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Lodestone.slnx"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Lodestone.slnx not found above the test's folder.");
    }

    private static async Task<(int Exit, string Output, string Errors)> RunAsync(string program, string folder, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await errors);
    }
}

/// <summary>A fact that needs Node.js on the PATH; skipped, saying so, without it.</summary>
public sealed class NodeFactAttribute : FactAttribute
{
    public NodeFactAttribute()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Any(folder => File.Exists(Path.Combine(folder, "node")) && File.Exists(Path.Combine(folder, "npm")));
        if (!onPath) Skip = "Needs Node.js and npm on the PATH (Debian: apt-get install -y nodejs npm) to run the npm mlflow client.";
    }
}
