using System.Diagnostics;
using Lodestone.Bench.Data;

var dir = args.Length > 1 ? args[1] : "/tmp/lodestone-bench";
Directory.CreateDirectory(dir);
if (args.Length > 0 && args[0] == "gen")
{
    var sw = Stopwatch.StartNew();
    MagnetometerCsvWriter.Write(Path.Combine(dir, "mag10m.csv"), long.Parse(args.Length > 2 ? args[2] : "10000000"));
    Console.WriteLine($"generated in {sw.Elapsed.TotalSeconds:F1} s");
}
