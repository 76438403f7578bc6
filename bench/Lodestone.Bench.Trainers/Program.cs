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
    SkabBenchmark.CompareWithScikitLearn(skab);
}
if (only is "all" or "detectors" or "grid")
{
    Console.WriteLine($"\n## SKAB: classical detectors ({skab.Count} files)\n");
    SkabBenchmark.Detectors(skab, only == "grid" ? SkabDetectors.Grid() : SkabDetectors.Suggested());
}
if (only is "all" or "basicmotions")
{
    Console.WriteLine("\n## BasicMotions: LightGBM on window features\n");
    BasicMotionsBenchmark.Run(Path.Combine(datasets, "basicmotions"));
}
