using Lodestone.Datasets;

namespace Lodestone.Training;

/// <summary>
/// What a numeric label channel (such as SKAB's <c>anomaly</c>) says about some datasets before any run: the ranges it
/// labels <see cref="SampleStoreWindowSource.AnomalyLabel"/> (value ≥ 0.5) or <see cref="SampleStoreWindowSource.NormalLabel"/>,
/// and how many windows of a given length and stride each label gets under the rule the run applies (a window is an
/// anomaly when the channel's maximum over it is ≥ 0.5). Reading streams the one channel and keeps only the ranges,
/// so a recording of millions of rows costs a few hundred bytes per label change.
/// </summary>
public sealed class LabelChannelSummary
{
    private readonly IReadOnlyList<(Guid DatasetId, long Rows)> _datasets;

    private LabelChannelSummary(string channel, IReadOnlyList<LabelledRange> ranges, IReadOnlyList<(Guid, long)> datasets)
    {
        Channel = channel;
        Ranges = ranges;
        _datasets = datasets;
    }

    /// <summary>The label channel's name.</summary>
    public string Channel { get; }

    /// <summary>Every labelled range, dataset by dataset in the order read, each in time order.</summary>
    public IReadOnlyList<LabelledRange> Ranges { get; }

    /// <summary>Samples read (after the sensor filter), over all datasets.</summary>
    public long Rows => _datasets.Sum(d => d.Rows);

    /// <summary>How long each range of <paramref name="label"/> lasts.</summary>
    public IReadOnlyList<TimeSpan> Durations(string label) =>
        Ranges.Where(r => r.Label == label).Select(r => r.Duration).ToList();

    /// <summary>
    /// Reads <paramref name="channel"/> of each dataset from the store, only the rows of <paramref name="sensorId"/> when
    /// given. The last range of a dataset ends one sampling period after its last sample (at it when the rate is unknown).
    /// </summary>
    public static LabelChannelSummary Read(SampleStore store, Guid projectId, IReadOnlyList<Dataset> datasets, string channel,
        string? sensorId = null, CancellationToken cancellationToken = default)
    {
        var ranges = new List<LabelledRange>();
        var rows = new List<(Guid, long)>();
        foreach (var dataset in datasets)
        {
            var period = dataset.SamplingRateHz is > 0 and var rate ? (long)Math.Round(1e6 / rate) : 0;
            var n = 0L;
            var open = (Label: "", StartMicros: 0L, FirstRow: 0L);
            var lastMicros = 0L;
            foreach (var (micros, value) in store.ReadChannel(projectId, dataset.Id, channel, sensorId))
            {
                if ((n & 0xFFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
                var label = IsAnomaly(value) ? SampleStoreWindowSource.AnomalyLabel : SampleStoreWindowSource.NormalLabel;
                if (n == 0) open = (label, micros, 0);
                else if (label != open.Label)
                {
                    ranges.Add(Range(dataset.Id, open, micros, n));
                    open = (label, micros, n);
                }
                lastMicros = micros;
                n++;
            }
            if (n > 0) ranges.Add(Range(dataset.Id, open, lastMicros + period, n));
            rows.Add((dataset.Id, n));
        }
        return new LabelChannelSummary(channel, ranges, rows);
    }

    /// <summary>
    /// Windows per label when each dataset is cut into windows of <paramref name="length"/> samples every
    /// <paramref name="stride"/> samples, as the run cuts them; labels with no window are left out.
    /// </summary>
    public IReadOnlyDictionary<string, int> WindowCounts(int length, int stride)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        long all = 0, anomalous = 0;
        foreach (var (datasetId, rows) in _datasets)
        {
            var windows = rows < length ? 0 : (rows - length) / stride + 1;
            all += windows;
            // Window w covers rows [w·stride, w·stride + length): it meets a range [a, b] when
            // ceil((a − length + 1) / stride) ≤ w ≤ floor(b / stride). Ranges are in row order, so the windows they
            // meet are too; counting from past the last window counted never counts a window twice.
            var next = 0L;
            foreach (var range in Ranges.Where(r => r.DatasetId == datasetId && r.Label == SampleStoreWindowSource.AnomalyLabel))
            {
                var first = Math.Max(next, CeilingDivide(range.FirstRow - length + 1, stride));
                var last = Math.Min(windows - 1, (range.FirstRow + range.Rows - 1) / stride);
                if (last < first) continue;
                anomalous += last - first + 1;
                next = last + 1;
            }
        }
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        if (anomalous > 0) counts[SampleStoreWindowSource.AnomalyLabel] = Clamp(anomalous);
        if (all - anomalous > 0) counts[SampleStoreWindowSource.NormalLabel] = Clamp(all - anomalous);
        return counts;
    }

    /// <summary>The run's rule, on the same single-precision value the run's windows hold.</summary>
    private static bool IsAnomaly(double value) => (float)value >= 0.5f;

    private static LabelledRange Range(Guid datasetId, (string Label, long StartMicros, long FirstRow) open, long endMicros, long endRow) =>
        new(datasetId, open.Label, SqlText.FromMicros(open.StartMicros), SqlText.FromMicros(endMicros), open.FirstRow, endRow - open.FirstRow);

    private static long CeilingDivide(long a, long b) => a <= 0 ? 0 : (a + b - 1) / b;

    private static int Clamp(long count) => (int)Math.Min(count, int.MaxValue);
}
