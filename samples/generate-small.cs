#:project Lodestone.Samples/Lodestone.Samples.csproj
// Regenerates magnetometer-small.csv and its ground truth beside this file: `dotnet run samples/generate-small.cs`.
using Lodestone.Samples;

string folder = Path.Combine(Environment.CurrentDirectory, File.Exists("generate-small.cs") ? "" : "samples");
var truth = MagnetometerRecording.WriteCsv(Path.Combine(folder, "magnetometer-small.csv"), SampleRecordings.Small);
Console.WriteLine($"Wrote {Path.Combine(folder, "magnetometer-small.csv")} with {truth.Events.Count} ground-truth events.");
