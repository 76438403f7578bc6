namespace Lodestone.Features;

/// <summary>
/// A channel's memory (the lag at which its autocorrelation falls below 1/e) and the window it suggests for slow data.
/// An AR(1) series x[t] = φ·x[t−1] + noise has autocorrelation φᵏ, so its memory is the first k with φᵏ &lt; 1/e.
/// </summary>
public sealed class ChannelMemoryTests
{
    private static double[] Autoregressive(double phi, int length, int seed)
    {
        var random = new Random(seed);
        var series = new double[length];
        for (var t = 1; t < length; t++)
            series[t] = phi * series[t - 1] + (random.NextDouble() - 0.5);
        return series;
    }

    private static int TheoreticalMemory(double phi) => (int)Math.Floor(-1 / Math.Log(phi)) + 1;

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(0.98)]
    public void Lag_FindsTheEFoldingTimeOfAnAutoregressiveSeries(double phi)
    {
        var lag = ChannelMemory.Lag([Autoregressive(phi, 16_384, seed: 7)], maxLag: 4_096);

        var expected = TheoreticalMemory(phi); // 2, 10 and 50 samples
        Assert.NotNull(lag);
        Assert.InRange(lag.Value, expected * 0.7, expected * 1.3 + 1);
    }

    [Fact]
    public void Lag_PoolsRecordings_EachAboutItsOwnMean()
    {
        // Two recordings of the same slow process at very different levels: pooled about one mean, the jump between them
        // would look like endless memory.
        var first = Autoregressive(0.9, 4_000, seed: 1);
        var second = Autoregressive(0.9, 4_000, seed: 2).Select(v => v + 1_000).ToArray();

        var lag = ChannelMemory.Lag([first, second], maxLag: 2_000);

        Assert.InRange(lag!.Value, 7, 14);
    }

    [Fact]
    public void Lag_IsTheLongestLagLookedAt_ForATrend_AndNullForAConstant()
    {
        var trend = Enumerable.Range(0, 1_000).Select(i => i * 0.01).ToArray();

        // A steady rise over the whole recording still correlates well past a tenth of its length.
        Assert.Equal(100, ChannelMemory.Lag([trend], maxLag: 100));
        Assert.Null(ChannelMemory.Lag([Enumerable.Repeat(4.2, 1_000).ToArray()], maxLag: 100));
    }

    [Fact]
    public void Slowest_NamesTheChannelThatRemembersLongest_AndSkipsConstantOnes()
    {
        var channels = new Dictionary<string, IReadOnlyList<double[]>>
        {
            ["pressure"] = [Autoregressive(0.3, 8_000, seed: 3)],
            ["temperature"] = [Autoregressive(0.98, 8_000, seed: 4)],
            ["valve"] = [Enumerable.Repeat(1.0, 8_000).ToArray()],
        };

        var slowest = ChannelMemory.Slowest(channels);

        Assert.Equal("temperature", slowest!.Channel);
        Assert.InRange(slowest.Samples, 35, 66);
        Assert.Null(ChannelMemory.Slowest(new Dictionary<string, IReadOnlyList<double[]>> { ["valve"] = channels["valve"] }));
    }

    [Fact]
    public void Suggest_SpansTheSlowestChannelsMemory_ForSlowDataOnly()
    {
        var memory = new ChannelMemory("temperature", 50);

        var slow = WindowSuggestion.Suggest(1, memory: memory);
        Assert.Equal(64, slow.Size); // 50 s at 1 Hz, up to a power of two so that the window spans it
        Assert.Equal(32, slow.Stride);
        Assert.Contains("'temperature'", slow.Reason);
        Assert.DoesNotContain("slow process data", slow.Reason);

        Assert.Equal(128, WindowSuggestion.Suggest(1, memory: memory with { Samples = 70 }).Size);
        Assert.Equal(WindowSuggestion.MinimumSize, WindowSuggestion.Suggest(1, memory: memory with { Samples = 3 }).Size);

        // At 100 Hz two seconds already hold 200 samples: the rate decides, as before.
        Assert.Equal(256, WindowSuggestion.Suggest(100, memory: memory).Size);
        // Labelled ranges still come first.
        Assert.Equal(256, WindowSuggestion.Suggest(1, [TimeSpan.FromSeconds(500)], memory).Size);
    }
}
