using System.Text.Json.Serialization;

namespace Lodestone.Trainers;

/// <summary>
/// What a trainer reports to while it fits: the run's progress, metrics, log and checkpoints. The job engine implements it
/// over a TrainingRun; tests and benchmarks use <see cref="LocalTrainingContext"/>.
/// </summary>
public interface ITrainingContext
{
    /// <summary>Cancelled when the run is cancelled or the process stops; trainers check it at every batch or epoch boundary.</summary>
    CancellationToken CancellationToken { get; }

    /// <summary>Progress of the current phase, e.g. epoch 3 of 20 or tree 50 of 100.</summary>
    void ReportProgress(int completed, int total);

    /// <summary>Metrics of one step (an epoch, for iterative trainers); upserted per (key, step).</summary>
    void ReportMetrics(int step, IReadOnlyDictionary<string, double> metrics);

    void Log(TrainingLogLevel level, string message);

    /// <summary>The latest checkpoint saved by an earlier attempt of this run, or null on a fresh start.</summary>
    TrainingCheckpoint? LatestCheckpoint { get; }

    /// <summary>Saves state to resume from; iterative trainers call it after every epoch, after reporting that epoch's metrics.</summary>
    void SaveCheckpoint(TrainingCheckpoint checkpoint);
}

[JsonConverter(typeof(JsonStringEnumConverter<TrainingLogLevel>))]
public enum TrainingLogLevel
{
    Debug,
    Information,
    Warning,
    Error,
}

/// <summary>A trainer's saved state after <see cref="Step"/> completed steps; <see cref="State"/> is the trainer's own bytes.</summary>
public sealed record TrainingCheckpoint(int Step, byte[] State);
