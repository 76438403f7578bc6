using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Lodestone.Drift;

// SKAB drift: the anomaly-free recording as the reference against each valve file's fault period (anomaly = 1 rows)
// must be flagged; its two halves (first and second, in time) must not. The same comparisons with scipy in the same
// run (skab_drift.py), for agreement and time. Usage: dotnet run -c Release [-- SKAB_FOLDER]
var folder = args.Length > 0 ? args[0] : SharedSkab() ?? "../shared/datasets/skab";
if (!Directory.Exists(folder))
{
    Console.WriteLine($"SKAB is not at {folder}; pass its folder (see ../shared/datasets/README.md).");
    return 1;
}
string[] columns = ["Accelerometer1RMS", "Accelerometer2RMS", "Current", "Pressure", "Temperature", "Thermocouple", "Voltage", "Volume Flow RateRMS"];
var free = Read(Path.Combine(folder, "anomaly-free", "anomaly-free.csv"));
var half = free[columns[0]].Length / 2;
var pairs = new List<(string Name, bool ShouldDrift, Dictionary<string, double[]> Reference, Dictionary<string, double[]> Current)>
{
    ("anomaly-free halves (first vs second)", false, columns.ToDictionary(c => c, c => free[c][..half]), columns.ToDictionary(c => c, c => free[c][half..])),
    ("anomaly-free interleaved (even vs odd rows)", false, columns.ToDictionary(c => c, c => free[c].Where((_, i) => i % 2 == 0).ToArray()),
        columns.ToDictionary(c => c, c => free[c].Where((_, i) => i % 2 == 1).ToArray())),
};
foreach (var valve in new[] { "valve1", "valve2" })
    foreach (var file in Directory.GetFiles(Path.Combine(folder, valve), "*.csv").OrderBy(f => int.Parse(Path.GetFileNameWithoutExtension(f), CultureInfo.InvariantCulture)))
    {
        var data = Read(file);
        var fault = data["anomaly"].Select(a => a == 1.0).ToArray();
        pairs.Add(($"{valve}/{Path.GetFileName(file)} fault period", true, free, columns.ToDictionary(c => c, c => data[c].Where((_, i) => fault[i]).ToArray())));
    }

// Warm the JIT on one pair, then time all of them.
foreach (var c in columns) ColumnDriftTest.Compare(c, "channel", pairs[2].Reference[c].ToArray(), pairs[2].Current[c].ToArray());
var clock = Stopwatch.StartNew();
var ours = pairs.Select(p => columns.Select(c => ColumnDriftTest.Compare(c, "channel", p.Reference[c].ToArray(), p.Current[c].ToArray())).ToList()).ToList();
var oursSeconds = clock.Elapsed.TotalSeconds;

var peer = RunPeer(folder);
Console.WriteLine($"SKAB drift, {pairs.Count} comparisons x {columns.Length} columns; Evidently's default tests (reference of {free[columns[0]].Length} rows: normed Wasserstein >= 0.1), dataset drift at share >= 0.5");
Console.WriteLine($"{"comparison",-46} {"rows",6} {"share",6} {"drifted",8} {"expected",8} {"scipy",6} {"max |diff|",10}");
var flagged = 0;
var faults = 0;
var agree = 0;
var worst = 0.0;
for (var i = 0; i < pairs.Count; i++)
{
    var share = (double)ours[i].Count(c => c.Drifted) / columns.Length;
    var drifted = share >= DriftReport.DriftShareThreshold;
    var theirs = peer.GetValueOrDefault(i);
    var diff = theirs is null ? double.NaN : ours[i].Max(c => Math.Max(
        Math.Abs((c.PValue ?? c.Statistic) - theirs.Value.GetProperty("columns").GetProperty(c.Column).GetProperty("score").GetDouble()),
        Math.Abs(c.Psi - theirs.Value.GetProperty("columns").GetProperty(c.Column).GetProperty("psi").GetDouble())));
    var peerDrifted = theirs?.GetProperty("drifted").GetBoolean();
    if (peerDrifted == drifted && ours[i].All(c => c.Drifted == theirs!.Value.GetProperty("columns").GetProperty(c.Column).GetProperty("drifted").GetBoolean())) agree++;
    if (!double.IsNaN(diff)) worst = Math.Max(worst, diff);
    if (pairs[i].ShouldDrift) { faults++; if (drifted) flagged++; }
    Console.WriteLine($"{pairs[i].Name,-46} {ours[i][0].CurrentCount,6} {share,6:F3} {drifted,8} {(pairs[i].ShouldDrift ? "drift" : "none"),8} {peerDrifted?.ToString() ?? "-",6} {diff,10:E1}");
    if (!pairs[i].ShouldDrift)
        Console.WriteLine("    " + string.Join(", ", ours[i].Select(c => $"{c.Column} {c.Statistic:F3}{(c.Drifted ? "*" : "")}")));
}
Console.WriteLine($"valve fault periods flagged: {flagged} of {faults} ({100.0 * flagged / faults:F0} %)");
// A control the target does not ask for: each valve file's normal rows (anomaly = 0) against the same reference. The
// valve files were recorded in other sessions than the anomaly-free one, so they may drift without any fault.
var normals = Directory.GetFiles(Path.Combine(folder, "valve1"), "*.csv").Concat(Directory.GetFiles(Path.Combine(folder, "valve2"), "*.csv")).Select(file =>
{
    var data = Read(file);
    var normal = data["anomaly"].Select(a => a == 0.0).ToArray();
    var drifts = columns.Select(c => ColumnDriftTest.Compare(c, "channel", free[c].ToArray(), data[c].Where((_, i) => normal[i]).ToArray())).ToList();
    return (double)drifts.Count(d => d.Drifted) / columns.Length >= DriftReport.DriftShareThreshold;
}).ToList();
Console.WriteLine($"control, valve files' normal rows (anomaly = 0) flagged: {normals.Count(n => n)} of {normals.Count}");
Console.WriteLine($"agreement with scipy (dataset and every column's verdict): {agree} of {pairs.Count} comparisons; largest |score or PSI difference|: {worst:E2}");
Console.WriteLine($"time for the tests (data already in memory): Lodestone {oursSeconds * 1000:F0} ms, scipy/numpy {peerSecondsText(peer)}");
return 0;

static string peerSecondsText(Dictionary<int, JsonElement?> peer) =>
    peer.TryGetValue(-1, out var t) && t is { } v ? $"{v.GetProperty("seconds").GetDouble() * 1000:F0} ms" : "not run";

// The first shared/datasets/skab beside an ancestor of the program's folder or of the working directory.
static string? SharedSkab() =>
    new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() }
        .SelectMany(start => Ancestors(new DirectoryInfo(start)))
        .Select(dir => Path.Combine(dir.FullName, "shared", "datasets", "skab")).FirstOrDefault(Directory.Exists);

static IEnumerable<DirectoryInfo> Ancestors(DirectoryInfo? dir)
{
    for (; dir is not null; dir = dir.Parent) yield return dir;
}

static Dictionary<string, double[]> Read(string path)
{
    var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
    var header = lines[0].Split(';');
    var rows = lines.Skip(1).Select(l => l.Split(';')).ToArray();
    return header.Select((name, i) => (name, i)).Where(h => h.name != "datetime")
        .ToDictionary(h => h.name, h => rows.Select(r => double.Parse(r[h.i], CultureInfo.InvariantCulture)).ToArray());
}

// scipy's results by comparison index (the script prints them in the same order), and its time under -1.
static Dictionary<int, JsonElement?> RunPeer(string folder)
{
    var result = new Dictionary<int, JsonElement?>();
    var script = Path.Combine(AppContext.BaseDirectory, "skab_drift.py");
    try
    {
        using var process = Process.Start(new ProcessStartInfo("/usr/bin/python3", [script, folder]) { RedirectStandardOutput = true })!;
        var lines = process.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        process.WaitForExit();
        for (var i = 0; i < lines.Length; i++)
        {
            var element = JsonDocument.Parse(lines[i]).RootElement;
            result[element.TryGetProperty("seconds", out _) ? -1 : i] = element;
        }
    }
    catch (Exception e) when (e is System.ComponentModel.Win32Exception or JsonException)
    {
        Console.WriteLine($"scipy peer did not run ({e.Message}); run setup.sh first.");
    }
    return result;
}
