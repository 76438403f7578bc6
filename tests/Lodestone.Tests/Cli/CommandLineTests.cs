using Lodestone.Cluster;
using Lodestone.Training;

namespace Lodestone.Cli;

/// <summary>The command line as a new user meets it: real <c>lodestone</c> processes on a fresh data folder.</summary>
[Collection(AppHostsCollection.Name)]
public sealed class CommandLineTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "lodestone-tests", Guid.NewGuid().ToString("N"));

    private string DataFolder => Path.Combine(_folder, "lodestone-data");

    public CommandLineTests() => Directory.CreateDirectory(_folder);

    [Fact]
    public async Task ReadmeExample_ImportsIntoANewProject_WhenTheDataFolderIsFresh()
    {
        var csv = Path.Combine(_folder, "site.csv");

        var generated = await LodestoneProcess.RunAsync(["samples", "generate", csv, "--rows", "2000"]);
        var created = await LodestoneProcess.RunAsync(["projects", "create", "Harbour", "--data", DataFolder]);
        var imported = await LodestoneProcess.RunAsync(["import", csv, "--project", "Harbour", "--data", DataFolder]);

        Assert.True(generated.ExitCode == 0, generated.Output);
        Assert.True(created.ExitCode == 0, created.Output);
        Assert.Contains("Lodestone created the administrator account.", created.Output);
        Assert.Contains("Created project Harbour", created.Output);
        Assert.True(imported.ExitCode == 0, imported.Output);
        Assert.Contains("Imported 2,000 rows", imported.Output);
        Assert.DoesNotContain("administrator account", imported.Output);
        foreach (var output in new[] { created.Output, imported.Output })
        {
            Assert.DoesNotContain("warn:", output);
            Assert.DoesNotContain("fail:", output);
        }
    }

    [Fact]
    public async Task Import_PrintsControlCharactersOfTheFileEscaped()
    {
        var csv = Path.Combine(_folder, "hostile.csv");
        await File.WriteAllTextAsync(csv, "timestamp,b_x\u001b]0;owned\u0007\u001b[2J\n2026-01-01T00:00:00Z,1.5\n2026-01-01T00:00:01Z,2.5\n");
        Assert.Equal(0, (await LodestoneProcess.RunAsync(["projects", "create", "Harbour", "--data", DataFolder])).ExitCode);

        var (_, output) = await LodestoneProcess.RunAsync(["import", csv, "--project", "Harbour", "--data", DataFolder]);

        Assert.DoesNotContain('\u001b', output);
        Assert.DoesNotContain('\u0007', output);
        Assert.Contains("b_x\\u001B]0;owned\\u0007\\u001B[2J", output);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task ACommand_LeavesTheDataFolderAndDatabaseOwnerOnly()
    {
        var (code, output) = await LodestoneProcess.RunAsync(["projects", "create", "Harbour", "--data", DataFolder]);
        Assert.True(code == 0, output);

        const UnixFileMode folder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        const UnixFileMode file = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        Assert.Equal(folder, File.GetUnixFileMode(DataFolder));
        Assert.Equal(folder, File.GetUnixFileMode(Path.Combine(DataFolder, "artifacts")));
        Assert.Equal(file, File.GetUnixFileMode(Path.Combine(DataFolder, "lodestone.db")));
        foreach (var companion in new[] { "lodestone.db-wal", "lodestone.db-shm" }.Select(f => Path.Combine(DataFolder, f)).Where(File.Exists))
            Assert.Equal(file, File.GetUnixFileMode(companion));
    }

    [Fact]
    public async Task RunsShow_FindsARunByName_AndListsTheIdsOfAnAmbiguousName()
    {
        Assert.Equal(0, (await LodestoneProcess.RunAsync(["projects", "create", "Harbour", "--data", DataFolder])).ExitCode);
        var (first, second, third) = await DataFolderStore.AddRunsAsync(DataFolder, "nightly", "nightly", "weekly");

        var byName = await LodestoneProcess.RunAsync(["runs", "show", "weekly", "--data", DataFolder]);
        var ambiguous = await LodestoneProcess.RunAsync(["runs", "show", "nightly", "--data", DataFolder]);

        Assert.True(byName.ExitCode == 0, byName.Output);
        Assert.Contains("weekly", byName.Output);
        Assert.NotEqual(0, ambiguous.ExitCode);
        Assert.Contains(first.ToString("N"), ambiguous.Output);
        Assert.Contains(second.ToString("N"), ambiguous.Output);
        Assert.DoesNotContain(third.ToString("N"), ambiguous.Output);
    }

    [Fact]
    public async Task Models_ListShowAliasAndClone_TheRegistryFromTheShell()
    {
        Assert.Equal(0, (await LodestoneProcess.RunAsync(["projects", "create", "Harbour", "--data", DataFolder])).ExitCode);
        await DataFolderStore.AddModelVersionsAsync(DataFolder, "pumps");
        string[] In(params string[] args) => [.. args, "--project", "Harbour", "--data", DataFolder];

        var aliased = await LodestoneProcess.RunAsync(In("models", "alias", "pumps", "production", "2"));
        var wrong = await LodestoneProcess.RunAsync(In("models", "alias", "pumps", "staging", "9"));
        var cloned = await LodestoneProcess.RunAsync(In("models", "clone", "pumps", "--name", "pumps-copy"));
        var list = await LodestoneProcess.RunAsync(["models", "list", "--data", DataFolder]);
        var show = await LodestoneProcess.RunAsync(In("models", "show", "pumps"));
        var copy = await LodestoneProcess.RunAsync(In("models", "show", "pumps-copy"));
        var removed = await LodestoneProcess.RunAsync(In("models", "alias", "pumps", "production", "--remove"));
        var after = await LodestoneProcess.RunAsync(In("models", "show", "pumps"));
        var missing = await LodestoneProcess.RunAsync(In("models", "show", "valves"));

        Assert.True(aliased.ExitCode == 0, aliased.Output);
        Assert.Contains("production → pumps v2", aliased.Output);
        Assert.NotEqual(0, wrong.ExitCode);
        Assert.Contains("no version 9", wrong.Output);
        Assert.True(cloned.ExitCode == 0, cloned.Output);
        Assert.Contains("Cloned pumps as pumps-copy.", cloned.Output);
        Assert.True(list.ExitCode == 0, list.Output);
        Assert.Contains("pumps-copy", list.Output);
        Assert.Contains("test_f1 0.7 (v2)", list.Output);
        Assert.Contains("production→v2", list.Output);
        Assert.True(show.ExitCode == 0, show.Output);
        Assert.Contains("production → v2", show.Output);
        Assert.Contains("continues pumps v1", show.Output);
        Assert.Contains("cloned from pumps v2", copy.Output);
        Assert.True(removed.ExitCode == 0, removed.Output);
        Assert.DoesNotContain("production", after.Output);
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("Project 'Harbour' has no model 'valves'.", missing.Output);
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
