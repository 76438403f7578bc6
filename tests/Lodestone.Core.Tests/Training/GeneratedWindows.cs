using Lodestone.Trainers;

namespace Lodestone.Training;

/// <summary>
/// Windows for the engine's tests, generated from a seed: two classes (or more, see <see cref="LabelCountSetting"/>)
/// whose channel levels differ ("a" around −0.5, "b" around +0.5) with Gaussian noise, so a classifier has something
/// real to learn. Each window gets its label and the id of the requested dataset it stands for.
/// </summary>
public sealed class GeneratedWindows : IWindowSource
{
    public List<WindowRequest> Requests { get; } = [];

    /// <summary>
    /// How many labels to generate for runs over a dataset, for trainers whose options cannot carry
    /// <see cref="LabelCountSetting"/> (the run recipe refuses settings a trainer does not have).
    /// </summary>
    public System.Collections.Concurrent.ConcurrentDictionary<Guid, int> LabelsOfDataset { get; } = new();

    public Task<WindowSet> LoadAsync(WindowRequest request, CancellationToken cancellationToken)
    {
        Requests.Add(request);
        var labels = (request.Recipe.Options as LogisticRegressionOptions)?.GeneratedLabels
            ?? request.DatasetIds.Select(d => LabelsOfDataset.GetValueOrDefault(d)).FirstOrDefault(n => n > 0, 2);
        var windows = Create(200, 3, 32, seed: 7, labels);
        // Consecutive blocks of windows come from the request's datasets in order, as the sample store concatenates them.
        for (var w = 0; w < windows.Count && request.DatasetIds.Count > 0; w++)
            windows.DatasetIds[w] = request.DatasetIds[w * request.DatasetIds.Count / windows.Count];
        return Task.FromResult(windows);
    }

    /// <summary>A config setting of tests only: how many labels to generate ("a", "b", "c"…; 2 when absent).</summary>
    public const string LabelCountSetting = "generatedLabels";

    public static WindowSet Create(int count, int channels, int length, int seed, int labelCount = 2)
    {
        var random = new Random(seed);
        var values = new float[count * channels * length];
        var labels = new IReadOnlyDictionary<string, float>?[count];
        for (var w = 0; w < count; w++)
        {
            // Label k of n sits at a level evenly spaced in [−0.5, +0.5]: "a" at −0.5 and, of two, "b" at +0.5.
            var label = w % labelCount;
            var level = (2.0 * label / (labelCount - 1) - 1) * 0.5;
            labels[w] = new Dictionary<string, float> { [((char)('a' + label)).ToString()] = 1f };
            for (var i = 0; i < channels * length; i++)
            {
                var noise = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                values[w * channels * length + i] = (float)(level + noise);
            }
        }
        var starts = Enumerable.Range(0, count).Select(i => new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(i)).ToArray();
        return new WindowSet(Enumerable.Range(0, channels).Select(c => $"ch{c}").ToList(), length, values, starts, labels) { SampleRateHz = 32 };
    }
}
