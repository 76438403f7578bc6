using System.Globalization;

namespace Lodestone.Bench.Data;

/// <summary>
/// Import against pandas.read_csv on the common CSV shapes (<see cref="ShapedCsvWriter"/>), each file imported in a child
/// process and read by pandas right after, so both see the same load. Prints a Markdown table, also written to
/// shapes.md in the folder. Each CSV is deleted after its row unless --keep.
/// Usage: shapes [--dir /tmp/lodestone-shapes] [--rows 1000000[,10000000]] [--times iso,s,…] [--sensors 1,3] [--separators ",;"] [--keep]
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
            "| time | sensors | sep | rows | MB | import wall | CPU | peak RSS | path | pandas wall | pandas CPU | pandas peak | × pandas (wall) | load |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
        };
        lines.ForEach(Console.WriteLine);
        foreach (var rows in rowCounts)
        foreach (var (time, sensors, separator) in shapes)
        {
            var csv = Path.Combine(dir, ShapedCsvWriter.FileName(time, sensors, separator, rows));
            if (!File.Exists(csv)) ShapedCsvWriter.Write(csv, rows, time, sensors, separator);
            var data = Path.Combine(dir, "data");
            if (Directory.Exists(data)) Directory.Delete(data, true);
            var output = ChildProcess.Run("import", csv, data);
            var import = ImportFigures.Parse(output);
            var stages = output.Split('\n').First(l => l.StartsWith("STAGES"));
            var pandas = PandasPeer.ReadCsv(csv, separator);
            var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            var megabytes = new FileInfo(csv).Length / 1e6;
            var line = string.Create(CultureInfo.InvariantCulture,
                $"| {time} | {sensors} | `{separator}` | {rows:N0} | {megabytes:N0} | {import.Seconds:F1} s | {import.Cpu:F1} s | {import.PeakMegabytes:N0} MB | {(import.FastPath ? "fast" : "exact")} | {pandas.Seconds:F1} s | {pandas.Cpu:F1} s | {pandas.PeakMegabytes:N0} MB | **{pandas.Seconds / import.Seconds:F2}×** | {load} |");
            Console.WriteLine(line);
            Console.Error.WriteLine($"  {Path.GetFileName(csv)}: {stages}");
            lines.Add(line);
            Directory.Delete(data, true);
            if (!args.Contains("--keep")) File.Delete(csv);
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
