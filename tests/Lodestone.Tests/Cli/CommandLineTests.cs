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

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
