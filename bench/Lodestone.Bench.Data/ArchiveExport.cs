using System.Diagnostics;
using Lodestone.Accounts;
using Lodestone.Archives;
using Lodestone.Data;
using Lodestone.Datasets;
using Lodestone.Projects;
using Microsoft.EntityFrameworkCore;

namespace Lodestone.Bench.Data;

/// <summary>
/// Export of a project of N rows (one sealed magnetometer dataset) to one archive, in MB/s of the project's files, beside
/// <c>cp -r</c> and <c>tar cf</c> of the same folder to the same disk in the same run (the peers: what "disk speed" means
/// here). Each is run five times, alternating, after one untimed read of the files so that all start page-cache warm;
/// the median is reported. Outputs are deleted between runs.
/// </summary>
internal static class ArchiveExport
{
    // Five rounds: the machine is shared, and single runs of a second or less swing by a factor of three.
    private const int Rounds = 5;

    public static int Run(string dir, long rows, Action<string> say)
    {
        var data = Path.Combine(dir, "data-archive");
        if (Directory.Exists(data)) Directory.Delete(data, true);
        var paths = new LodestonePaths(data);
        paths.EnsureCreated();
        Guid builtProject, datasetId;
        using (var database = new SampleDatabase(paths))
        {
            (builtProject, datasetId, var seconds) = HundredMillion.Build(database, rows);
            say($"Built the {rows:N0}-row dataset (generate + seal + pyramid) in {seconds:F0} s");
        }
        using var db = new SqliteLodestoneDb(new DbContextOptionsBuilder<SqliteLodestoneDb>().UseSqlite($"Data Source={paths.Database}").Options);
        db.MigrateAsync().GetAwaiter().GetResult();
        var user = new User("bench", "Bench");
        var project = new Project("Archive bench");
        project.AddMember(user.Id, ProjectRole.Admin);
        db.AddRange(user, project);
        // The samples were sealed under an id of their own; they become the project's.
        Directory.Move(Path.Combine(paths.Samples, builtProject.ToString("N")), Path.Combine(paths.Samples, project.Id.ToString("N")));
        db.Datasets.Add(new Dataset(datasetId, project.Id, "mag-10m", DatasetSchema.Magnetometer, "bench", user.Id));
        db.SaveChanges();

        var folder = Path.Combine(paths.Samples, project.Id.ToString("N"));
        var bytes = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Count();
        say($"Project files: {files} files, {bytes / 1e6:N0} MB");
        Shell($"cat {folder}/*/* > /dev/null");

        var output = Path.Combine(dir, "archive-out");
        var times = new Dictionary<string, List<double>> { ["lodestone export"] = [], ["cp -r"] = [], ["tar cf"] = [] };
        for (var round = 0; round < Rounds; round++)
        {
            Fresh(output);
            var watch = Stopwatch.StartNew();
            using (var stream = new FileStream(Path.Combine(output, "project.zip"), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
                new ProjectExporter(db, paths).ExportAsync(project.Id, stream).GetAwaiter().GetResult();
            times["lodestone export"].Add(Synced(watch, output));
            var archiveBytes = new FileInfo(Path.Combine(output, "project.zip")).Length;
            if (round == 0) say($"Archive: {archiveBytes / 1e6:N0} MB");

            Fresh(output);
            watch.Restart();
            Shell($"cp -r {folder} {output}/copy");
            times["cp -r"].Add(Synced(watch, output));

            Fresh(output);
            watch.Restart();
            Shell($"tar cf {output}/project.tar -C {paths.Samples} {project.Id:N}");
            times["tar cf"].Add(Synced(watch, output));
        }
        Fresh(output);
        foreach (var (name, seconds) in times)
        {
            var median = seconds.Order().ElementAt(Rounds / 2);
            say($"{name} of {bytes / 1e6:N0} MB: median {median:F2} s = {bytes / 1e6 / median:N0} MB/s (runs {string.Join(", ", seconds.Select(s => s.ToString("F2")))} s, each with fsync)");
        }
        say($"load average at the end {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        return 0;
    }

    /// <summary>Stops the clock once the output is on disk (sync), so that page-cache writes do not flatter anyone.</summary>
    private static double Synced(Stopwatch watch, string output)
    {
        Shell($"sync -f {output}");
        return watch.Elapsed.TotalSeconds;
    }

    private static void Shell(string command)
    {
        using var process = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", command]))!;
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"'{command}' exited with {process.ExitCode}.");
    }

    private static void Fresh(string output)
    {
        if (Directory.Exists(output)) Directory.Delete(output, true);
        Directory.CreateDirectory(output);
    }
}
