using Lodestone.Trainers;

namespace Lodestone.Training;

/// <summary>
/// Windows for the engine's tests, generated from a seed: two classes whose channel levels differ ("a" around −1,
/// "b" around +1) with Gaussian noise, so a classifier has something real to learn. Each window gets the labels, and the
/// id of the requested dataset it stands for.
/// </summary>
public sealed class GeneratedWindows : IWindowSource
{
    public List<WindowRequest> Requests { get; } = [];

    public Task<WindowSet> LoadAsync(WindowRequest request, CancellationToken cancellationToken)
    {
        Requests.Add(request);
        var windows = Create(200, 3, 32, seed: 7);
        // Consecutive blocks of windows come from the request's datasets in order, as the sample store concatenates them.
        for (var w = 0; w < windows.Count && request.DatasetIds.Count > 0; w++)
            windows.DatasetIds[w] = request.DatasetIds[w * request.DatasetIds.Count / windows.Count];
        return Task.FromResult(windows);
    }

    public static WindowSet Create(int count, int channels, int length, int seed)
    {
        var random = new Random(seed);
        var values = new float[count * channels * length];
        var labels = new IReadOnlyDictionary<string, float>?[count];
        for (var w = 0; w < count; w++)
        {
            var positive = w % 2 == 1;
            labels[w] = new Dictionary<string, float> { [positive ? "b" : "a"] = 1f };
            for (var i = 0; i < channels * length; i++)
            {
                var noise = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                values[w * channels * length + i] = (float)((positive ? 1 : -1) * 0.5 + noise);
            }
        }
        var starts = Enumerable.Range(0, count).Select(i => new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(i)).ToArray();
        return new WindowSet(Enumerable.Range(0, channels).Select(c => $"ch{c}").ToList(), length, values, starts, labels) { SampleRateHz = 32 };
    }
}
