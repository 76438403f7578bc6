namespace Lodestone.Sensors;

/// <summary>When staged readings are sealed into a Parquet segment: whichever threshold is reached first.</summary>
public sealed record ReadingStoreOptions
{
    public int SealAfterReadings { get; init; } = 50_000;
    public TimeSpan SealAfter { get; init; } = TimeSpan.FromMinutes(5);
    /// <summary>How often the store looks for staged readings older than <see cref="SealAfter"/>; zero turns the timer off.</summary>
    public TimeSpan CheckEvery { get; init; } = TimeSpan.FromSeconds(30);
    public int MaxBatch { get; init; } = 100_000;
}
