namespace Lodestone.Deployments;

/// <summary>
/// How fast a model version predicts on this machine, on windows of its own shape: the latency of one window over
/// <see cref="Runs"/> calls after warm-up, windows per second in batches of 1, 32 and 256, and the hardware. A version
/// keeps its latest measurement.
/// </summary>
public sealed class InferenceBenchmark
{
    public Guid VersionId { get; private set; }
    public DateTime MeasuredAt { get; private set; }
    public int Runs { get; private set; }
    public double MinMs { get; private set; }
    public double MeanMs { get; private set; }
    public double P95Ms { get; private set; }
    public double MaxMs { get; private set; }
    public List<BatchThroughput> Throughput { get; private set; } = [];
    public BenchmarkHardware Hardware { get; private set; } = new();

    private InferenceBenchmark() { }

    public static InferenceBenchmark Of(Guid versionId, DateTime measuredAt, IReadOnlyList<double> latenciesMs, IEnumerable<BatchThroughput> throughput,
        BenchmarkHardware hardware)
    {
        var sorted = latenciesMs.Order().ToArray();
        return new InferenceBenchmark
        {
            VersionId = versionId, MeasuredAt = measuredAt, Runs = sorted.Length, MinMs = sorted[0], MeanMs = sorted.Average(),
            P95Ms = sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(0.95 * sorted.Length) - 1)], MaxMs = sorted[^1],
            Throughput = [.. throughput], Hardware = hardware,
        };
    }

    /// <summary>Takes a newer measurement's figures.</summary>
    public void Replace(InferenceBenchmark newer)
    {
        (MeasuredAt, Runs, MinMs, MeanMs, P95Ms, MaxMs) = (newer.MeasuredAt, newer.Runs, newer.MinMs, newer.MeanMs, newer.P95Ms, newer.MaxMs);
        Throughput = [.. newer.Throughput];
        Hardware = newer.Hardware;
    }
}

/// <summary>Windows predicted per second when they come <see cref="Batch"/> at a time.</summary>
public sealed record BatchThroughput(int Batch, double WindowsPerSecond);

/// <summary>The machine a benchmark ran on.</summary>
public sealed class BenchmarkHardware
{
    public int Cores { get; set; }
    public string CpuModel { get; set; } = "";
    public string Os { get; set; } = "";
    public string Runtime { get; set; } = "";

    public static BenchmarkHardware OfThisMachine() => new()
    {
        Cores = Environment.ProcessorCount,
        CpuModel = Training.RunHardware.OfThisMachine().CpuModel,
        Os = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
        Runtime = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
    };
}
