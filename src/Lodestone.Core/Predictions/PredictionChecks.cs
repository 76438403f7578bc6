using Lodestone.Datasets;
using Lodestone.Models;
using Lodestone.Trainers;
using Lodestone.Trainers.Sensors;

namespace Lodestone.Predictions;

/// <summary>What must hold before a version predicts over a dataset, checked before any work (ML.NET's schema check).</summary>
public static class PredictionChecks
{
    /// <exception cref="InvalidInputException">The version cannot predict over the dataset; the message says why.</exception>
    public static void Check(ModelVersion version, Dataset dataset)
    {
        var name = $"{version.ModelName} v{version.Number}";
        if (version.TrainerKind is CalibrationModel.KindName or DriftModel.KindName)
            throw new InvalidInputException($"{name} is a {version.TrainerKind} model of a sensor; it predicts from readings, not over a dataset's windows.");
        if (version.Window.Channels.Count == 0 || version.Window.Length < 1)
            throw new InvalidInputException($"{name} does not say which channels and window length it reads, so it cannot predict over a dataset.");
        var present = dataset.Channels.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var missing = version.Window.Channels.Where(c => !present.Contains(c)).ToList();
        if (missing.Count > 0)
            throw new InvalidInputException(
                $"datasetId: the dataset '{dataset.Name}' has no channel {string.Join(", ", missing.Select(m => $"'{m}'"))}, which {name} reads ({string.Join(", ", version.Window.Channels)}). Its channels: {string.Join(", ", present.Order(StringComparer.Ordinal))}.");
        if (dataset.RowCount == 0) throw new InvalidInputException($"datasetId: the dataset '{dataset.Name}' has no samples to predict over.");
    }

    /// <summary>Whether a task's results draw as label bands (classifiers) rather than a score trace.</summary>
    public static bool DrawsBands(TrainingTask task) => task is TrainingTask.Classification or TrainingTask.MultiLabelClassification;
}
