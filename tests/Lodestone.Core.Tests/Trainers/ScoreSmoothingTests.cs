using Lodestone.Trainers.Anomaly;

namespace Lodestone.Trainers;

public class ScoreSmoothingTests
{
    private static WindowSet Points(DateTime[] starts, Guid[]? datasets = null) =>
        new(["x"], 1, new float[starts.Length], starts, datasetIds: datasets);

    [Fact]
    public void TrailingMean_AveragesEachScoreWithThePreviousOnes()
    {
        var starts = Enumerable.Range(0, 5).Select(i => DateTime.UnixEpoch.AddSeconds(i)).ToArray();
        Assert.Equal([1, 2, 4, 6, 8], ScoreSmoothing.TrailingMean([1, 3, 5, 7, 9], Points(starts), 2));
    }

    [Fact]
    public void TrailingMean_RestartsAtAnotherDatasetOrWhenTimeGoesBack()
    {
        var t = DateTime.UnixEpoch;
        Guid a = Guid.NewGuid(), b = Guid.NewGuid();
        var data = Points([t, t.AddSeconds(1), t, t.AddSeconds(1), t.AddSeconds(2)], [a, a, a, b, b]);
        Assert.Equal([2, 3, 10, 20, 25], ScoreSmoothing.TrailingMean([2, 4, 10, 20, 30], data, 3));
    }

    [Fact]
    public void Fit_SetsTheThresholdOnSmoothedScores_AndKeepsSmoothingWhenSaved()
    {
        var random = new Random(4);
        var n = 300;
        var starts = Enumerable.Range(0, n).Select(i => DateTime.UnixEpoch.AddSeconds(i)).ToArray();
        var data = new WindowSet(["x", "y"], 1, Enumerable.Range(0, n * 2).Select(_ => (float)random.NextDouble()).ToArray(), starts);
        var options = new IsolationForestOptions { Input = AnomalyInput.Raw, Smoothing = 10, Contamination = 0.05, Seed = 1 };
        var model = new IsolationForestTrainer().Fit(data, options, new LocalTrainingContext());
        var smoothed = model.Score(data);
        Assert.Equal(AnomalyThreshold.FromContamination(smoothed, 0.05), model.Threshold, 12);
        // Smoothing narrows the spread of scores: the smoothed ones vary less than single windows'.
        var single = new IsolationForestTrainer().Fit(data, new IsolationForestOptions { Input = AnomalyInput.Raw, Contamination = 0.05, Seed = 1 }, new LocalTrainingContext()).Score(data);
        Assert.True(StandardDeviation(smoothed) < StandardDeviation(single) / 2);

        var folder = Directory.CreateTempSubdirectory("lodestone-smoothing-").FullName;
        try
        {
            model.Save(folder);
            var loaded = IsolationForestTrainer.Load(folder);
            Assert.Equal(10, loaded.Smoothing);
            Assert.Equal(smoothed, loaded.Score(data));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static double StandardDeviation(double[] values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Average(v => (v - mean) * (v - mean)));
    }
}
