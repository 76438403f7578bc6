using System.Diagnostics;
using System.Globalization;
using Lodestone.Samples;

// Times the sample generator: writes a magnetometer CSV of N rows (default 10,000,000) and prints rows/s and MB/s.
// Usage: dotnet run -c Release --project bench/Lodestone.Samples.Bench -- [rows] [output.csv] [sensors]
long rows = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 10_000_000;
string path = args.Length > 1 ? args[1] : Path.Combine(Path.GetTempPath(), "lodestone-bench-magnetometer.csv");
int sensors = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1;
var options = new RecordingOptions { RowCount = rows, SensorCount = sensors, Seed = 42 };

Console.WriteLine($"Sample generator: {rows:N0} rows, {sensors} sensor(s), {options.SampleRateHz} Hz, default event rates");
Console.WriteLine($"Output: {path}");

// Generation alone (no formatting, no I/O), then the full CSV write, each timed once after a short warm-up.
foreach (var _ in MagnetometerRecording.Generate(options with { RowCount = 200_000 })) { }

// The machine is shared: CPU time of this process is reported beside wall time, since it is what contention leaves alone.
var process = Process.GetCurrentProcess();
TimeSpan Cpu() { process.Refresh(); return process.TotalProcessorTime; }
var cpu = Cpu();
var watch = Stopwatch.StartNew();
long count = 0;
double checksum = 0;
foreach (var s in MagnetometerRecording.Generate(options))
{
    count++;
    if (s.HasField) checksum += s.Bz;
}
watch.Stop();
Console.WriteLine($"Generate (enumerate only): {count:N0} rows in {watch.Elapsed.TotalSeconds:F2} s = {count / watch.Elapsed.TotalSeconds / 1e6:F2} M rows/s, CPU {(Cpu() - cpu).TotalSeconds:F2} s (checksum {checksum:E3})");

cpu = Cpu();
watch.Restart();
long formatted = MagnetometerRecording.Plan(options).WriteCsv(Stream.Null);
watch.Stop();
Console.WriteLine($"Generate + format to Stream.Null: {formatted:N0} rows in {watch.Elapsed.TotalSeconds:F2} s = {formatted / watch.Elapsed.TotalSeconds / 1e6:F2} M rows/s, CPU {(Cpu() - cpu).TotalSeconds:F2} s");

long allocatedBefore = GC.GetTotalAllocatedBytes(true);
cpu = Cpu();
watch.Restart();
var truth = MagnetometerRecording.WriteCsv(path, options);
watch.Stop();
long bytes = new FileInfo(path).Length;
long allocated = GC.GetTotalAllocatedBytes(true) - allocatedBefore;
Console.WriteLine($"WriteCsv: {rows:N0} rows, {bytes / 1e6:F1} MB in {watch.Elapsed.TotalSeconds:F2} s = "
    + $"{rows / watch.Elapsed.TotalSeconds / 1e6:F2} M rows/s, {bytes / 1e6 / watch.Elapsed.TotalSeconds:F0} MB/s; "
    + $"CPU {(Cpu() - cpu).TotalSeconds:F2} s; {truth.Events.Count:N0} ground-truth events; {allocated / 1e6:F1} MB allocated; peak working set {Environment.WorkingSet / 1e6:F0} MB");
