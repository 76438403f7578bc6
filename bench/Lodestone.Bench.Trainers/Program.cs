using Lodestone.Bench.Trainers;
using Lodestone.Trainers.Anomaly;

var datasets = DatasetFolder.Find();
if (datasets is null)
{
    Console.WriteLine("No shared/datasets folder found next to an ancestor of this program or the working directory: nothing to run.");
    return;
}
Console.WriteLine($"Datasets: {datasets}");
var only = args.Length > 0 ? args[0] : "all";

if (only == "reports")
{
    var folder = args.Length > 1 ? args[1] : Path.Combine(Path.GetTempPath(), "lodestone-reports");
    Console.WriteLine($"\n## Evaluation reports written to {folder}\n");
    Console.WriteLine("| report | plots | size | write s |");
    Console.WriteLine("|---|---|---|---|");
    ReportsBenchmark.Run(datasets, folder);
    return;
}

var skab = SkabFile.List(Path.Combine(datasets, "skab")).Select(SkabFile.Read).ToList();
if (only is "all" or "iforest")
{
    Console.WriteLine($"\n## SKAB: Isolation Forest under scikit-learn's settings ({skab.Count} files)\n");
    // Optional: seeds (default 10) and how many of the files (default all), e.g. "iforest 100 1" for a long look at one file.
    var seeds = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10;
    var count = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : skab.Count;
    IsolationForestAgreement.Run(skab.Take(count).ToList(), seeds);
}
if (only is "all" or "detectors" or "grid")
{
    Console.WriteLine($"\n## SKAB: classical detectors ({skab.Count} files)\n");
    SkabBenchmark.Detectors(skab, only == "grid" ? SkabDetectors.Grid() : SkabDetectors.Suggested());
    if (only != "grid")
    {
        Console.WriteLine($"\n## SKAB: classical detectors with the platform's suggestion per file ({skab.Count} files)\n");
        SkabBenchmark.PlatformSuggestion(skab);
    }
}
if (only == "basicmotions-grid")
{
    BasicMotionsBenchmark.Grid(Path.Combine(datasets, "basicmotions"));
    return;
}
if (only == "basicmotions-fit-time")
{
    BasicMotionsBenchmark.FitTime(Path.Combine(datasets, "basicmotions"));
    BasicMotionsBenchmark.SkabFitTime(Path.Combine(datasets, "skab"));
    return;
}
if (only is "all" or "basicmotions")
{
    Console.WriteLine("\n## BasicMotions: LightGBM on window features\n");
    BasicMotionsBenchmark.Run(Path.Combine(datasets, "basicmotions"));
}
