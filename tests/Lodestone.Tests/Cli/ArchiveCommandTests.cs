using Lodestone.Cluster;
using Lodestone.Training;

namespace Lodestone.Cli;

/// <summary><c>lodestone export</c> and <c>lodestone import-project</c> as real processes on two data folders.</summary>
[Collection(AppHostsCollection.Name)]
public sealed class ArchiveCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "lodestone-tests", Guid.NewGuid().ToString("N"));

    public ArchiveCommandTests() => Directory.CreateDirectory(_folder);

    [Fact]
    public async Task A_project_exported_from_one_data_folder_imports_into_another_with_its_dataset()
    {
        var (here, there) = (Path.Combine(_folder, "here"), Path.Combine(_folder, "there"));
        var csv = Path.Combine(_folder, "site.csv");
        var archive = Path.Combine(_folder, "harbour.lodestone.zip");
        Assert.Equal(0, (await LodestoneProcess.RunAsync(["samples", "generate", csv, "--rows", "2000"])).ExitCode);
        Assert.Equal(0, (await LodestoneProcess.RunAsync(["projects", "create", "Harbour", "--data", here])).ExitCode);
        Assert.Equal(0, (await LodestoneProcess.RunAsync(["import", csv, "--project", "Harbour", "--data", here])).ExitCode);
        Assert.Equal(0, (await LodestoneProcess.RunAsync(["projects", "create", "Elsewhere", "--data", there])).ExitCode);

        var exported = await LodestoneProcess.RunAsync(["export", "--project", "Harbour", archive, "--data", here]);
        var imported = await LodestoneProcess.RunAsync(["import-project", archive, "--data", there]);
        var listed = await LodestoneProcess.RunAsync(["projects", "list", "--data", there]);

        Assert.True(exported.ExitCode == 0, exported.Output);
        Assert.Contains("Exported 'Harbour'", exported.Output);
        Assert.True(File.Exists(archive));
        Assert.True(imported.ExitCode == 0, imported.Output);
        Assert.Contains("Imported project 'Harbour'", imported.Output);
        Assert.Contains("admin admin", imported.Output);
        var row = listed.Output.Split('\n').Single(l => l.Contains("Harbour"));
        Assert.Contains("admin (Admin)", row);
        Assert.EndsWith("1", row.TrimEnd(' ', '│', '|', '\r'));
    }

    [Fact]
    public async Task Import_project_refuses_a_file_that_is_not_an_archive_and_imports_nothing()
    {
        var data = Path.Combine(_folder, "data");
        var notArchive = Path.Combine(_folder, "notes.zip");
        await File.WriteAllTextAsync(notArchive, "not a zip at all");
        Assert.Equal(0, (await LodestoneProcess.RunAsync(["projects", "create", "Elsewhere", "--data", data])).ExitCode);

        var (code, output) = await LodestoneProcess.RunAsync(["import-project", notArchive, "--data", data]);
        var listed = await LodestoneProcess.RunAsync(["projects", "list", "--data", data]);

        Assert.Equal(1, code);
        Assert.Contains("not a Lodestone project archive", output);
        Assert.Contains("Nothing was imported.", output);
        Assert.Single(listed.Output.Split('\n'), l => l.Contains("Elsewhere"));
        Assert.DoesNotContain("(imported)", listed.Output);
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
