namespace Lodestone.Trainers;

/// <summary>Small synthetic window sets for trainer tests: two easily told apart classes of sine windows.</summary>
internal static class TrainerData
{
    public static WindowSet TwoClasses(int perClass, bool multiLabel = false, int seed = 1)
    {
        var random = new Random(seed);
        const int length = 32;
        var count = perClass * 2;
        var values = new float[count * 2 * length];
        var labels = new IReadOnlyDictionary<string, float>?[count];
        for (var w = 0; w < count; w++)
        {
            var calm = w % 2 == 0;
            var hz = calm ? 1.0 : 6.0;
            for (var c = 0; c < 2; c++)
                for (var t = 0; t < length; t++)
                    values[(w * 2 + c) * length + t] = (float)((calm ? 1 : 3) * Math.Sin(2 * Math.PI * hz * t / 32 + c) + 0.2 * random.NextDouble());
            labels[w] = calm ? new Dictionary<string, float> { ["calm"] = 1 }
                : multiLabel && w % 4 == 1 ? new Dictionary<string, float> { ["shake"] = 1, ["loud"] = 0.7f }
                : new Dictionary<string, float> { ["shake"] = 1 };
        }
        var starts = Enumerable.Range(0, count).Select(i => DateTime.UnixEpoch.AddSeconds(i)).ToArray();
        return new WindowSet(["x", "y"], length, values, starts, labels) { SampleRateHz = 32 };
    }
}
