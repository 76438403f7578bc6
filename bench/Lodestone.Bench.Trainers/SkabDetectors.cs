using Lodestone.Trainers;
using Lodestone.Trainers.Anomaly;

namespace Lodestone.Bench.Trainers;

/// <summary>A detector configuration for SKAB: how to fit on the training windows, window size, score smoothing, threshold share.</summary>
internal sealed record SkabDetector(string Name, Func<WindowSet, AnomalyModel> Fit, int Window, int Smooth, double Contamination);

/// <summary>The classical detectors run on SKAB.</summary>
internal static class SkabDetectors
{
    /// <summary>
    /// The best settings of each detector from the grid (<c>grid</c> argument): per-row points standardised on the training
    /// rows, scores smoothed by a rolling mean, threshold from the smoothed training scores.
    /// </summary>
    public static IReadOnlyList<SkabDetector> Suggested() =>
    [
        new("isolation-forest, standardised rows", w => Fit(new IsolationForestTrainer(), new IsolationForestOptions { Input = AnomalyInput.Raw, Contamination = 0.01, Seed = 0 }, w), 1, 15, 0.01),
        new("pca, standardised rows", w => Fit(new PcaDetectorTrainer(), new PcaDetectorOptions { Input = AnomalyInput.Raw, Contamination = 0.05, Seed = 0 }, w), 1, 30, 0.05),
        new("pca, window features", w => Fit(new PcaDetectorTrainer(), new PcaDetectorOptions { Contamination = 0.01, Seed = 0 }, w), 8, 1, 0.01),
    ];

    public static IReadOnlyList<SkabDetector> Grid()
    {
        var list = new List<SkabDetector>();
        foreach (var window in new[] { 1, 8, 32 })
            foreach (var smooth in new[] { 1, 10, 30 })
                foreach (var c in new[] { 0.01, 0.05 })
                {
                    var input = window == 1 ? AnomalyInput.Raw : AnomalyInput.Features;
                    list.Add(new("isolation-forest", w => Fit(new IsolationForestTrainer(), new IsolationForestOptions { Input = input, Contamination = c, Seed = 0 }, w), window, smooth, c));
                    list.Add(new("pca", w => Fit(new PcaDetectorTrainer(), new PcaDetectorOptions { Input = input, Contamination = c, Seed = 0 }, w), window, smooth, c));
                }
        return list;
    }

    public static AnomalyModel Fit<TOptions>(AnomalyTrainer<TOptions> trainer, TOptions options, WindowSet train)
        where TOptions : AnomalyDetectorOptions, new() => trainer.Fit(train, options, new LocalTrainingContext());
}
