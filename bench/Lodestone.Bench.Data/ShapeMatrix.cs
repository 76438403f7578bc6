using System.Globalization;

namespace Lodestone.Bench.Data;

/// <summary>
/// Import against pandas.read_csv on the common CSV shapes (<see cref="ShapedCsvWriter"/>), each file imported in a child
/// process and read by pandas right after, so both see the same load. Wall times are of the whole processes (start-up,
/// imports of modules, the work), as a user runs them; the time inside each process is given in parentheses. Prints a Markdown table, also written to
/// shapes.md in the folder. Each CSV is deleted after its row unless --keep.
/// Usage: shapes [--dir /tmp/lodestone-shapes] [--rows 1000000[,10000000]] [--times iso,s,…] [--sensors 1,3] [--separators ",;"] [--keep] [--files a.csv,…]
/// Without --times/--sensors/--separators: every time format with one sensor and with three, and iso and s with ';'.
/// </summary>
internal static class ShapeMatrix
{
    public static int Run(string[] args)
    {
        string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var dir = Option("--dir") ?? "/tmp/lodestone-shapes";
        var rowCounts = (Option("--rows") ?? "1000000").Split(',').Select(long.Parse).ToList();
        Directory.CreateDirectory(dir);
        var shapes = Shapes(Option("--times"), Option("--sensors"), Option("--separators"));
        var lines = new List<string>
        {
            $"Machine: {File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim()}, {Environment.ProcessorCount} cores; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC",
            "",
            "| time | sensors | sep | rows | MB | import process (in it) | CPU | peak RSS | path | pandas process (read_csv) | pandas CPU | pandas peak | × pandas (processes) | load |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
        };
        lines.ForEach(Console.WriteLine);
        // Files given with --files (e.g. from `lodestone samples generate`) are measured as they are and kept.
        var given = Option("--files")?.Split(',').Select(f => (f, 0L, "file", 0, ',')) ?? [];
        var generated = from rows in rowCounts from shape in shapes
            select (Path.Combine(dir, ShapedCsvWriter.FileName(shape.Time, shape.Sensors, shape.Separator, rows)), rows, shape.Time, shape.Sensors, shape.Separator);
        foreach (var (csv, rows, time, sensors, separator) in given.Concat(Option("--files") is null || args.Contains("--times") ? generated : []))
        {
            if (!File.Exists(csv)) ShapedCsvWriter.Write(csv, rows, time, sensors, separator);
            var data = Path.Combine(dir, "data");
            if (Directory.Exists(data)) Directory.Delete(data, true);
            var importWatch = System.Diagnostics.Stopwatch.StartNew();
            var output = ChildProcess.Run("import", csv, data);
            var importProcess = importWatch.Elapsed.TotalSeconds;
            var import = ImportFigures.Parse(output);
            var stages = output.Split('\n').First(l => l.StartsWith("STAGES"));
            var pandasWatch = System.Diagnostics.Stopwatch.StartNew();
            var pandas = PandasPeer.ReadCsv(csv, separator);
            var pandasProcess = pandasWatch.Elapsed.TotalSeconds;
            var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            var megabytes = new FileInfo(csv).Length / 1e6;
            var line = string.Create(CultureInfo.InvariantCulture,
                $"| {(time == "file" ? Path.GetFileName(csv) : time)} | {(time == "file" ? "" : sensors)} | `{separator}` | {import.Rows:N0} | {megabytes:N0} | {importProcess:F1} s ({import.Seconds:F1}) | {import.Cpu:F1} s | {import.PeakMegabytes:N0} MB | {(import.FastPath ? "fast" : "exact")} | {pandasProcess:F1} s ({pandas.Seconds:F1}) | {pandas.Cpu:F1} s | {pandas.PeakMegabytes:N0} MB | **{pandasProcess / importProcess:F2}×** | {load} |");
            Console.WriteLine(line);
            Console.Error.WriteLine($"  {Path.GetFileName(csv)}: {stages}");
            Console.Error.WriteLine($"  {Path.GetFileName(csv)}: {output.Split('\n').First(l => l.StartsWith("THREADS"))}");
            lines.Add(line);
            Directory.Delete(data, true);
            if (!args.Contains("--keep") && time != "file") File.Delete(csv);
        }
        File.WriteAllLines(Path.Combine(dir, "shapes.md"), lines);
        return 0;
    }

    private static List<(string Time, int Sensors, char Separator)> Shapes(string? times, string? sensors, string? separators)
    {
        if (times is null && sensors is null && separators is null)
            return
            [
                .. ShapedCsvWriter.TimeFormats.SelectMany(t => new[] { (t, 1, ','), (t, 3, ',') }),
                ("iso", 1, ';'), ("iso", 3, ';'), ("s", 1, ';'), ("s", 3, ';'),
            ];
        var timeList = times?.Split(',') ?? ShapedCsvWriter.TimeFormats;
        var sensorList = (sensors ?? "1").Split(',').Select(int.Parse).ToList();
        var separatorList = (separators ?? ",").ToCharArray();
        return [.. from t in timeList from s in sensorList from c in separatorList select (t, s, c)];
    }
}
