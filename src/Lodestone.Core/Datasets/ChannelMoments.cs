namespace Lodestone.Datasets;

/// <summary>
/// Count, extremes, mean and sum of squared deviations of one channel's values, gathered in one pass and merged across
/// blocks (Chan et al.'s pairwise update). Within a block, sums are shifted by the block's first value, which keeps the
/// sum of squares well conditioned for channels far from zero (a field of 45,000 nT varying by tens).
/// </summary>
internal sealed class ChannelMoments
{
    private double shift = double.NaN, sum, squares;

    public long Count { get; private set; }
    public double Min { get; private set; } = double.PositiveInfinity;
    public double Max { get; private set; } = double.NegativeInfinity;
    public double Mean { get; private set; }
    public double SquaredDeviations { get; private set; }

    /// <summary>Adds the finite values of a column (NaN marks a missing value).</summary>
    public void AddColumn(ReadOnlySpan<double> values)
    {
        long n = 0;
        double s = 0, q = 0, lo = Min, hi = Max;
        var c = shift;
        foreach (var v in values)
        {
            if (double.IsNaN(v)) continue;
            if (double.IsNaN(c)) c = v;
            var d = v - c;
            s += d;
            q += d * d;
            n++;
            if (v < lo) lo = v;
            if (v > hi) hi = v;
        }
        Accumulate(c, n, s, q, lo, hi);
    }

    private void Accumulate(double c, long n, double s, double q, double lo, double hi)
    {
        shift = c;
        (sum, squares, Min, Max) = (sum + s, squares + q, lo, hi);
        Count += n;
        if (Count > 0) (Mean, SquaredDeviations) = (shift + sum / Count, Math.Max(0, squares - sum * sum / Count));
    }

    /// <summary>
    /// Adds a column of interleaved sensors' values in one pass, each value to the moments of its row's sensor
    /// (<paramref name="bySensor"/>[sensor][<paramref name="channel"/>], fresh for the block), each sensor's sums shifted by
    /// its own first value.
    /// </summary>
    public static void AddColumnBySensor(ReadOnlySpan<double> values, ReadOnlySpan<int> sensorOfRow, IReadOnlyList<ChannelMoments[]> bySensor, int channel)
    {
        var sensors = bySensor.Count;
        Span<long> n = stackalloc long[sensors];
        Span<double> s = stackalloc double[sensors], q = stackalloc double[sensors], shifts = stackalloc double[sensors];
        Span<double> lo = stackalloc double[sensors], hi = stackalloc double[sensors];
        n.Clear();
        s.Clear();
        q.Clear();
        shifts.Fill(double.NaN);
        lo.Fill(double.PositiveInfinity);
        hi.Fill(double.NegativeInfinity);
        for (var r = 0; r < values.Length; r++)
        {
            var v = values[r];
            if (double.IsNaN(v)) continue;
            var k = sensorOfRow[r];
            if (double.IsNaN(shifts[k])) shifts[k] = v;
            var d = v - shifts[k];
            s[k] += d;
            q[k] += d * d;
            n[k]++;
            if (v < lo[k]) lo[k] = v;
            if (v > hi[k]) hi[k] = v;
        }
        for (var k = 0; k < sensors; k++) bySensor[k][channel].Accumulate(shifts[k], n[k], s[k], q[k], lo[k], hi[k]);
    }

    /// <summary>Merges another block's moments into these.</summary>
    public void Merge(ChannelMoments other)
    {
        if (other.Count == 0) return;
        if (Count == 0)
        {
            (Count, Mean, SquaredDeviations, Min, Max) = (other.Count, other.Mean, other.SquaredDeviations, other.Min, other.Max);
            (shift, sum, squares) = (double.NaN, 0, 0);
            return;
        }
        var total = Count + other.Count;
        var delta = other.Mean - Mean;
        Mean += delta * other.Count / total;
        SquaredDeviations += other.SquaredDeviations + delta * delta * Count * other.Count / total;
        Count = total;
        Min = Math.Min(Min, other.Min);
        Max = Math.Max(Max, other.Max);
    }

    public ChannelProfile ToProfile(string name, long rows, bool derived) => Count == 0
        ? new ChannelProfile(name, null, null, null, null, rows, derived)
        : new ChannelProfile(name, Min, Max, Math.Clamp(Mean, Min, Max),
            Count > 1 ? Math.Sqrt(SquaredDeviations / (Count - 1)) : null, rows - Count, derived);
}
