using Lodestone.Trainers;

namespace Lodestone.Features;

/// <summary>Train, validation and test parts of a window set, split by time.</summary>
public sealed record TimeSplit(WindowSet Train, WindowSet Validation, WindowSet Test, int Dropped)
{
    /// <summary>
    /// Splits each dataset's time range at <paramref name="trainFraction"/> and <paramref name="trainFraction"/> +
    /// <paramref name="validationFraction"/>: earlier windows train, later ones test. A window that straddles a split
    /// point is dropped (counted in <see cref="Dropped"/>), so no sample is seen on both sides. With several datasets each
    /// is split over its own range, so every part has data from every dataset.
    /// </summary>
    public static TimeSplit Create(WindowSet windows, double trainFraction = 0.7, double validationFraction = 0.15)
    {
        if (trainFraction <= 0 || validationFraction < 0 || trainFraction + validationFraction > 1)
            throw new ArgumentException("Fractions must be positive and sum to at most 1.");
        // Overlapping windows without a known rate: take a window to last until the next one starts at the latest.
        var duration = windows.WindowDuration;
        var parts = (Train: new List<int>(), Validation: new List<int>(), Test: new List<int>());
        var dropped = 0;
        foreach (var group in Enumerable.Range(0, windows.Count).GroupBy(i => windows.DatasetIds[i]))
        {
            var indices = group.OrderBy(i => windows.StartTimes[i]).ToArray();
            var first = windows.StartTimes[indices[0]];
            var last = windows.StartTimes[indices[^1]] + duration;
            var span = last - first;
            var trainEnd = first + span * trainFraction;
            var validationEnd = first + span * (trainFraction + validationFraction);
            foreach (var i in indices)
            {
                var start = windows.StartTimes[i];
                var end = start + duration;
                if (end <= trainEnd && start < trainEnd) parts.Train.Add(i);
                else if (start >= trainEnd && end <= validationEnd && start < validationEnd) parts.Validation.Add(i);
                else if (start >= validationEnd) parts.Test.Add(i);
                else dropped++;
            }
        }
        return new TimeSplit(windows.Select(parts.Train), windows.Select(parts.Validation), windows.Select(parts.Test), dropped);
    }
}
