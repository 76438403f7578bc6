using System.Numerics;
using Lodestone.Features;
using Lodestone.Trainers;

namespace Lodestone.Features;

public class SignalFeaturesTests
{
    private static float[] Sine(double hz, double rate, int n, double amplitude = 1) =>
        Enumerable.Range(0, n).Select(i => (float)(amplitude * Math.Sin(2 * Math.PI * hz * i / rate))).ToArray();

    [Fact]
    public void ComputeSpectrum_FindsTheSineFrequency_WhenGivenASine()
    {
        var destination = new float[5];
        SignalFeatures.ComputeSpectrum(Sine(5, 100, 200), 100, 4, new Complex[200], destination);
        Assert.Equal(5, destination[4], 0.01);
    }

    [Fact]
    public void ComputeStatistics_GivesRmsOfAmplitudeOverRootTwo_ForASine()
    {
        var destination = new float[9];
        SignalFeatures.ComputeStatistics(Sine(5, 100, 200, amplitude: 3), destination);
        Assert.Equal(0, destination[0], 1e-4);                 // mean
        Assert.Equal(3 / Math.Sqrt(2), destination[4], 1e-3);  // rms
        Assert.Equal(6, destination[5], 1e-3);                 // peak to peak
        Assert.Equal(-1.5, destination[7], 0.01);              // excess kurtosis of a sine
        Assert.Equal(20.0 / 199, destination[8], 0.01);        // 10 periods: 20 crossings of the mean
    }

    [Fact]
    public void ComputeStatistics_MatchesHandValues_ForFourNumbers()
    {
        var destination = new float[9];
        SignalFeatures.ComputeStatistics([1, 2, 3, 4], destination);
        double[] expected = [2.5, Math.Sqrt(1.25), 1, 4, Math.Sqrt(7.5), 3, 0, -1.36];
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], destination[i], 1e-5);
    }

    [Fact]
    public void Extract_AddsMagnitudeColumns_WhenTheThreeMagneticAxesArePresent()
    {
        var n = 32;
        var values = Sine(2, 32, n).Concat(new float[n]).Concat(new float[n]).ToArray();
        var windows = new WindowSet(["b_x", "b_y", "b_z"], n, values, [DateTime.UnixEpoch]) { SampleRateHz = 32 };
        var matrix = new FeatureExtractor().Extract(windows);
        var rms = matrix.Names.ToList().IndexOf("|B|.rms");
        Assert.True(rms >= 0);
        Assert.Equal(1 / Math.Sqrt(2), matrix[0, rms], 1e-3); // |B| = |sin| here, whose RMS is 1/√2
    }
}
