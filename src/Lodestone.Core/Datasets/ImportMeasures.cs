namespace Lodestone.Datasets;

/// <summary>
/// What the fast import measures from its parsed blocks in file order, which the sealer would otherwise read back from
/// the segment: rows and range, steps back in time, repeated timestamps and the median step between neighbours of the
/// same sensor (as <see cref="DatasetProfiler.MeasureTime"/> defines them), sensors, channel moments overall and per sensor
/// (as <see cref="DatasetProfiler.MeasureSensors"/> gives them) and, while the rows are time-sorted, pyramid level 1 (per
/// sensor when there are several). Not thread-safe: one producer thread adds blocks.
/// </summary>
internal sealed class ImportMeasures(SampleDatabase database, string folder, int measuredChannels, int[]? fieldVector, bool buildTiles) : IDisposable
{
    /// <summary>Beyond this many distinct steps the exact median is left to DuckDB (timestamps with random jitter).</summary>
    private const int MaxStepKinds = 100_000;

    private readonly string tileTable = $"fast_tiles_{Guid.NewGuid():N}";
    private readonly ImportSensors sensors = new();
    private readonly List<long> rowsOfSensor = [];
    private readonly List<ChannelMoments[]> momentsOfSensor = [];
    private readonly Dictionary<long, long> steps = [];
    // Each sensor's steps where its previous sample is not the row before (interleaved sensors), and its last time.
    private readonly Dictionary<long, long> crossSteps = [];
    private readonly Dictionary<string, long> lastOfSensor = [];
    private long crossDuplicates;
    private long previous, end = long.MinValue;
    private string? previousSensor;
    private bool tilesValid = buildTiles;

    public long Rows { get; private set; }
    public long Start { get; private set; }
    public long End => end;
    public long OutOfOrder { get; private set; }
    public long Duplicates { get; private set; }
    public bool StepsKnown { get; private set; } = true;
    public ChannelMoments[] Moments { get; } = [.. Enumerable.Range(0, measuredChannels).Select(_ => new ChannelMoments())];
    public PyramidTiles? Tiles { get; private set; }

    /// <summary>Non-empty sensor ids in DuckDB's order (bytewise), like <see cref="DatasetProfiler.Sensors"/>.</summary>
    public IReadOnlyList<string> Sensors => [.. sensors.Order.Select(s => sensors.Names[s]).Where(s => s.Length > 0)];

    /// <summary>One non-empty sensor id's rows and channel moments.</summary>
    public sealed record SensorMoments(string SensorId, long Rows, ChannelMoments[] Channels);

    /// <summary>Each non-empty sensor id's rows and channel moments, in the order of <see cref="Sensors"/>.</summary>
    public IReadOnlyList<SensorMoments> MomentsBySensor =>
        [.. sensors.Order.Where(s => sensors.Names[s].Length > 0).Select(s => new SensorMoments(sensors.Names[s], rowsOfSensor[s], momentsOfSensor[s]))];

    public void Add(CsvBlock block)
    {
        if (block.Rows == 0) return;
        if (Rows == 0)
        {
            Start = block.Times[0];
            // The tile width needs the median step before the file is read; the first block's is checked at the end.
            var firstSteps = block.Sensors.Count(s => s.Length > 0) > 1 ? Merged(block.Steps, block.CrossSteps) : block.Steps;
            if (tilesValid && Median(firstSteps) is { } step)
                Tiles = new PyramidTiles(database, folder, tileTable, sensors, measuredChannels, fieldVector, Start, TileMicros(step));
            else tilesValid = false;
        }
        else
        {
            var time = block.Times[0];
            if (time < previous) OutOfOrder++;
            else if (block.Sensors[block.SensorOfRow[0]] == previousSensor)
            {
                if (time == previous) Duplicates++;
                else steps[time - previous] = steps.GetValueOrDefault(time - previous) + 1;
            }
        }
        OutOfOrder += block.OutOfOrder;
        Duplicates += block.Duplicates;
        crossDuplicates += block.CrossDuplicates;
        // Each sensor's first row in the block follows its last row in the earlier blocks; the block's first row was
        // measured above when the row before it was of the same sensor.
        for (var s = 0; s < block.Sensors.Count; s++)
        {
            if (!lastOfSensor.TryGetValue(block.Sensors[s], out var last) || (s == block.SensorOfRow[0] && block.Sensors[s] == previousSensor)) continue;
            var gap = block.FirstTimeOfSensor[s] - last;
            if (gap == 0) crossDuplicates++;
            else if (gap > 0 && StepsKnown) crossSteps[gap] = crossSteps.GetValueOrDefault(gap) + 1;
        }
        for (var s = 0; s < block.Sensors.Count; s++) lastOfSensor[block.Sensors[s]] = block.LastTimeOfSensor[s];
        if (StepsKnown)
        {
            foreach (var (step, count) in block.Steps) steps[step] = steps.GetValueOrDefault(step) + count;
            foreach (var (step, count) in block.CrossSteps) crossSteps[step] = crossSteps.GetValueOrDefault(step) + count;
            if (steps.Count + crossSteps.Count > MaxStepKinds) (StepsKnown, tilesValid) = (false, false);
        }
        if (OutOfOrder > 0) tilesValid = false;
        var numbers = sensors.Map(block);
        for (var s = 0; s < numbers.Length; s++)
        {
            if (numbers[s] == rowsOfSensor.Count)
            {
                rowsOfSensor.Add(0);
                momentsOfSensor.Add([.. Enumerable.Range(0, measuredChannels).Select(_ => new ChannelMoments())]);
            }
            rowsOfSensor[numbers[s]] += block.RowsOfSensor[s];
            for (var c = 0; c < measuredChannels; c++) momentsOfSensor[numbers[s]][c].Merge(block.SensorMoments[s][c]);
        }
        for (var c = 0; c < Moments.Length; c++) Moments[c].Merge(block.Moments[c]);
        if (tilesValid) Tiles!.Add(block, numbers);
        foreach (var t in block.Times.AsSpan(0, block.Rows)) if (t > end) end = t;
        previous = block.Times[block.Rows - 1];
        previousSensor = block.Sensors[block.SensorOfRow[block.Rows - 1]];
        Rows += block.Rows;
    }

    /// <summary>The median step (µs), null when unknown; drops the tiles when they turn out to have the wrong width.</summary>
    public double? Finish()
    {
        // Like the sealer: with several named sensors, steps and repeats are each sensor's own (DatasetProfiler.PerSensorSteps),
        // else between neighbours in file order.
        var perSensor = Sensors.Count > 1;
        if (perSensor) Duplicates += crossDuplicates;
        double? median = StepsKnown ? Median(perSensor ? Merged(steps, crossSteps) : steps) : null;
        // One named sensor beside rows without one is a level without sensors, whose tiles would mix the two: left to DuckDB.
        if (Tiles is not null && (!tilesValid || median is null || TileMicros((long)Math.Round(median.Value)) != Tiles.TileMicros
            || (!perSensor && sensors.Count > 1)))
        {
            Tiles.Dispose();
            Tiles = null;
        }
        Tiles?.Finish(bySensor: perSensor);
        return median;
    }

    private static Dictionary<long, long> Merged(Dictionary<long, long> a, Dictionary<long, long> b)
    {
        var merged = new Dictionary<long, long>(a);
        foreach (var (step, count) in b) merged[step] = merged.GetValueOrDefault(step) + count;
        return merged;
    }

    private static long TileMicros(long step) => Math.Max(1, step) * 32;

    /// <summary>The lower median of a histogram of steps; null when there are none.</summary>
    private static long? Median(Dictionary<long, long> histogram)
    {
        var total = histogram.Values.Sum();
        if (total == 0) return null;
        var seen = 0L;
        foreach (var (step, count) in histogram.OrderBy(p => p.Key))
        {
            seen += count;
            if (seen * 2 >= total) return step;
        }
        return null;
    }

    /// <summary>Hands the finished tiles to the caller, who disposes them.</summary>
    public PyramidTiles? TakeTiles()
    {
        var tiles = Tiles;
        Tiles = null;
        return tiles;
    }

    public void Dispose() => Tiles?.Dispose();
}
