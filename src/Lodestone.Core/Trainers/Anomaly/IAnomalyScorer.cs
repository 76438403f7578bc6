using Lodestone.Features;

namespace Lodestone.Trainers.Anomaly;

/// <summary>The fitted core of a detector: scores preprocessed rows (higher is more anomalous) and saves its own files.</summary>
public interface IAnomalyScorer
{
    double[] Score(FeatureMatrix rows);

    void Save(string folder);
}
