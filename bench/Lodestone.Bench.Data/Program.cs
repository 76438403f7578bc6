using System.Diagnostics;
using System.Globalization;
using Lodestone.Bench.Data;
using Lodestone.Data;
using Lodestone.Datasets;

// Data-plane benchmark: CSV import against pandas.read_csv, chart queries over 10M and 100M rows, import peak memory on a 2 GB CSV.
// Usage: Lodestone.Bench.Data [--dir /tmp/lodestone-bench] [--rows 10000000] [--big-rows 20000000] [--no-100m] [--no-big]
//        Lodestone.Bench.Data import CSV DATAFOLDER (one import, as the other modes run it; BENCH_THREADS=n sets DuckDB's threads)
//        Lodestone.Bench.Data archive [--dir /tmp/lodestone-bench] [--rows 10000000] (project export against cp -r and tar cf, see ArchiveExport)
//        Lodestone.Bench.Data shapes [--dir /tmp/lodestone-shapes] [--rows 1000000] [--times iso,s,…] [--sensors 1,3] [--separators ",;"] (see ShapeMatrix)
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
if (args.Length > 0 && args[0] == "import") return ImportChild(args[1], args[2]);
if (args.Length > 0 && args[0] == "queries") return QueriesOnly(args[1], args[2]);
if (args.Length > 0 && args[0] == "shapes") return ShapeMatrix.Run(args[1..]);
if (args.Length > 0 && args[0] == "archive")
    return ArchiveExport.Run(args.SkipWhile(a => a != "--dir").Skip(1).FirstOrDefault() ?? "/tmp/lodestone-bench",
        long.Parse(args.SkipWhile(a => a != "--rows").Skip(1).FirstOrDefault() ?? "10000000"), Console.WriteLine);
if (args.Length > 0 && args[0] == "sensors") return SensorQueries(args.Length > 1 ? args[1] : "/tmp/lodestone-bench", args.Length > 2 ? long.Parse(args[2]) : 10_000_000);

string Option(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
var dir = Option("--dir", "/tmp/lodestone-bench");
var rows = long.Parse(Option("--rows", "10000000"));
var bigRows = long.Parse(Option("--big-rows", "20000000"));
Directory.CreateDirectory(dir);
var report = new List<string>();
void Say(string line) { Console.WriteLine(line); report.Add(line); }

Say($"Machine: {MachineName()}, {Environment.ProcessorCount} cores; {DateTime.UtcNow:yyyy-MM-dd}");

// 1. Import of the 10M-row CSV (child process) and pandas.read_csv of the same file.
if (!args.Contains("--no-10m"))
{
    var csv = EnsureCsv(dir, rows);
    var megabytes = new FileInfo(csv).Length / 1e6;
    var data10 = Path.Combine(dir, "data-10m");
    if (Directory.Exists(data10)) Directory.Delete(data10, true);
    var importOutput = ChildProcess.Run("import", csv, data10);
    var import = ImportFigures.Parse(importOutput);
    Console.WriteLine(importOutput.Split('\n').First(l => l.StartsWith("STAGES")));
    Say($"Import {rows:N0} rows, {megabytes:N0} MB: {import.Seconds:F1} s = {rows / import.Seconds:N0} rows/s, {megabytes / import.Seconds:N0} MB/s, peak RSS {import.PeakMegabytes:N0} MB, CPU {import.Cpu:F1} s");
    var pandas = PandasPeer.ReadCsv(csv);
    Say($"pandas.read_csv same file: {pandas.Seconds:F1} s = {rows / pandas.Seconds:N0} rows/s, {megabytes / pandas.Seconds:N0} MB/s, peak RSS {pandas.PeakMegabytes:N0} MB, CPU {pandas.Cpu:F1} s");
    Say($"Import throughput / pandas: {pandas.Seconds / import.Seconds:F2}x by wall time, {pandas.Cpu / import.Cpu:F2}x by CPU time; load average at the end {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");

    // 2. Chart queries over 10M rows.
    using (var database = new SampleDatabase(new LodestonePaths(data10)))
        ChartQueries(database, import.ProjectId, import.DatasetId, "10M", Say);
}

// 3. 100M rows, written as Parquet straight from DuckDB (the CSV would be 11 GB) and sealed like an import.
if (!args.Contains("--no-100m"))
{
    var data100 = Path.Combine(dir, "data-100m");
    if (Directory.Exists(data100)) Directory.Delete(data100, true);
    using var database = new SampleDatabase(new LodestonePaths(data100));
    var (projectId, datasetId, seconds) = HundredMillion.Build(database, 100_000_000);
    Say($"Built the 100M-row dataset (generate + seal + pyramid) in {seconds:F0} s");
    ChartQueries(database, projectId, datasetId, "100M", Say);
}

// 4. Peak memory of an import of a ~2 GB CSV.
if (!args.Contains("--no-big"))
{
    var big = EnsureCsv(dir, bigRows);
    var dataBig = Path.Combine(dir, "data-big");
    if (Directory.Exists(dataBig)) Directory.Delete(dataBig, true);
    var bigImport = ImportFigures.Parse(ChildProcess.Run("import", big, dataBig));
    var bigMb = new FileInfo(big).Length / 1e6;
    Say($"Import {bigRows:N0} rows, {bigMb:N0} MB: {bigImport.Seconds:F1} s = {bigMb / bigImport.Seconds:N0} MB/s, peak RSS {bigImport.PeakMegabytes:N0} MB, CPU {bigImport.Cpu:F1} s");
    Directory.Delete(dataBig, true);
}
File.WriteAllLines(Path.Combine(dir, "report.txt"), report);
return 0;

static int ImportChild(string csv, string dataFolder)
{
    using var database = new SampleDatabase(new LodestonePaths(dataFolder), Environment.GetEnvironmentVariable("BENCH_THREADS") is { } t ? new SampleStoreOptions { Threads = int.Parse(t) } : null);
    var importer = new DatasetImporter(database);
    var projectId = Guid.NewGuid();
    var datasetId = Guid.NewGuid();
    using var threads = new ThreadTimes();
    var watch = Stopwatch.StartNew();
    var stages = new StageClock(watch);
    var result = importer.ImportAsync(csv, Path.GetFileName(csv), null, projectId, datasetId, stages).GetAwaiter().GetResult();
    Console.WriteLine("STAGES " + stages);
    Console.WriteLine("THREADS " + threads.Summary());
    watch.Stop();
    Console.WriteLine($"RESULT {watch.Elapsed.TotalSeconds.ToString(CultureInfo.InvariantCulture)} {result.Profile.RowCount} {ChildProcess.PeakRssKilobytes()} {projectId} {datasetId} {result.Profile.SizeBytes} {Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds.ToString(CultureInfo.InvariantCulture)} {result.FastPath}");
    return 0;
}

// Times the chart queries again on a data folder left by an earlier run (the one dataset under samples/).
static int QueriesOnly(string dataFolder, string label)
{
    var paths = new LodestonePaths(dataFolder);
    var datasetFolder = Directory.EnumerateDirectories(paths.Samples).SelectMany(Directory.EnumerateDirectories).Single();
    using var database = new SampleDatabase(paths);
    ChartQueries(database, Guid.Parse(Path.GetFileName(Path.GetDirectoryName(datasetFolder))!), Guid.Parse(Path.GetFileName(datasetFolder)), label, Console.WriteLine);
    return 0;
}

static string EnsureCsv(string dir, long rows)
{
    var path = Path.Combine(dir, $"mag-{rows}.csv");
    if (!File.Exists(path))
    {
        var watch = Stopwatch.StartNew();
        MagnetometerCsvWriter.Write(path, rows);
        Console.WriteLine($"Generated {path} ({new FileInfo(path).Length / 1e6:N0} MB) in {watch.Elapsed.TotalSeconds:F0} s");
    }
    return path;
}

// Per-sensor chart queries: N rows of 3 interleaved sensors, one series per sensor in 2,000 buckets each, beside the one
// series over all rows that the chart drew before (same dataset, same run). Median of 15 after a first, untimed query.
static int SensorQueries(string dir, long rows)
{
    var folder = Path.Combine(dir, "data-sensors");
    if (Directory.Exists(folder)) Directory.Delete(folder, true);
    using var database = new SampleDatabase(new LodestonePaths(folder));
    var (projectId, datasetId, seconds) = HundredMillion.Build(database, rows, sensors: 3);
    Console.WriteLine($"Machine: {MachineName()}, {Environment.ProcessorCount} cores; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; built {rows:N0} rows of 3 sensors in {seconds:F0} s");
    var store = new SampleStore(database);
    var full = store.Query(projectId, datasetId, ["b_x"], null, null, 2_000);
    var (start, end) = (full.Times[0], full.Times[^1] + full.BucketWidth);
    var span = end - start;
    static (double Median, double Max) Time(Action query)
    {
        query();
        var times = new List<double>();
        for (var i = 0; i < 15; i++)
        {
            var watch = Stopwatch.StartNew();
            query();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return (times[times.Count / 2], times[^1]);
    }
    foreach (var (name, from, to) in new[] { ("full range", start, end), ("1/10 of it", start + span * 0.45, start + span * 0.55),
                 ("1/100 of it", start + span * 0.495, start + span * 0.505), ("1/1000 of it", start + span * 0.4995, start + span * 0.5005) })
        foreach (var channels in new[] { new[] { "b_x", "b_y", "b_z" }, new[] { "|B|" } })
        {
            IReadOnlyList<Series> series = [];
            var (median, max) = Time(() => series = store.QueryBySensor(projectId, datasetId, channels, from, to, 2_000));
            var (allMedian, allMax) = Time(() => store.Query(projectId, datasetId, channels, from, to, 2_000));
            var first = series[0];
            var source = first.Raw ? "raw samples" : first.PyramidLevel is { } level ? $"pyramid level {level}" : "segments";
            Console.WriteLine($"3 sensors, {name} ({series.Sum(s => s.RowsInRange):N0} rows), {series.Count} series of up to {series.Max(s => s.Times.Length):N0} buckets of {string.Join(",", channels)} from {source}: " +
                $"median {median:F1} ms, max {max:F1} ms; one series over all rows {allMedian:F1} ms, max {allMax:F1} ms; load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        }
    return 0;
}

static void ChartQueries(SampleDatabase database, Guid projectId, Guid datasetId, string label, Action<string> say)
{
    var store = new SampleStore(database);
    var full = store.Query(projectId, datasetId, ["b_x"], null, null, 2_000);
    var start = full.Times[0];
    var end = full.Times[^1] + full.BucketWidth;
    var span = end - start;
    (string Name, DateTime From, DateTime To)[] ranges =
    [
        ("full range", start, end),
        ("1/10 of it", start + span * 0.45, start + span * 0.55),
        ("1/100 of it", start + span * 0.495, start + span * 0.505),
        ("1/1000 of it", start + span * 0.4995, start + span * 0.5005),
    ];
    foreach (var (name, from, to) in ranges)
    {
        foreach (var channels in new[] { new[] { "b_x", "b_y", "b_z" }, new[] { "|B|" } })
        {
            var times = new List<double>();
            Series? series = null;
            for (var i = 0; i < 15; i++)
            {
                var watch = Stopwatch.StartNew();
                series = store.Query(projectId, datasetId, channels, from, to, 2_000);
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
            times.Sort();
            var source = series!.Raw ? "raw samples" : series.PyramidLevel is { } level ? $"pyramid level {level}" : "segments";
            say($"{label} rows, {name} ({series.RowsInRange:N0} rows), 2,000 buckets of {string.Join(",", channels)} from {source}: median {times[times.Count / 2]:F1} ms, max {times[^1]:F1} ms");
        }
    }
    var vectorTimes = new List<double>();
    for (var i = 0; i < 10; i++)
    {
        var watch = Stopwatch.StartNew();
        store.SampleFieldVector(projectId, datasetId, start, end, 5_000);
        vectorTimes.Add(watch.Elapsed.TotalMilliseconds);
    }
    vectorTimes.Sort();
    say($"{label} rows, 3D field vector sample (5,000 points, full range): median {vectorTimes[5]:F1} ms");
}

static string MachineName() =>
    File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim() ?? "unknown CPU";

/// <summary>Wall and CPU time (user + system of the whole process) of each import stage, and the peak RSS at its end.</summary>
internal sealed class StageClock(Stopwatch watch) : IProgress<ImportProgress>
{
    private readonly List<(ImportStage Stage, double Seconds, double Cpu, long Peak)> starts = [];

    private static double Cpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    public void Report(ImportProgress value)
    {
        lock (starts)
            if (starts.Count == 0 || starts[^1].Stage != value.Stage) starts.Add((value.Stage, watch.Elapsed.TotalSeconds, Cpu(), ChildProcess.PeakRssKilobytes()));
    }

    public override string ToString() =>
        string.Join(", ", starts.Zip(starts.Skip(1).Select(s => (Seconds: s.Seconds, Cpu: s.Cpu, Peak: s.Peak)).Append((Seconds: watch.Elapsed.TotalSeconds, Cpu: Cpu(), Peak: ChildProcess.PeakRssKilobytes())),
            (s, next) => $"{s.Stage} {next.Seconds - s.Seconds:F1} s (CPU {next.Cpu - s.Cpu:F1} s, peak {next.Peak / 1024} MB)"));
}

internal sealed record ImportFigures(double Seconds, long Rows, double PeakMegabytes, Guid ProjectId, Guid DatasetId, long SizeBytes, double Cpu, bool FastPath)
{
    public static ImportFigures Parse(string output)
    {
        var p = output.Split('\n').Single(l => l.StartsWith("RESULT ")).Split(' ');
        return new(double.Parse(p[1], CultureInfo.InvariantCulture), long.Parse(p[2]), long.Parse(p[3]) / 1024.0, Guid.Parse(p[4]), Guid.Parse(p[5]), long.Parse(p[6]), double.Parse(p[7], CultureInfo.InvariantCulture), bool.Parse(p[8]));
    }
}
