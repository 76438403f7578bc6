using Lodestone.Features;
using Lodestone.Trainers;

namespace Lodestone.Features;

public class WindowingTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static WindowSet Windows(int samples, int size, int stride)
    {
        var times = Enumerable.Range(0, samples).Select(i => T0.AddSeconds(i)).ToArray();
        var series = Enumerable.Range(0, samples).Select(i => (float)i).ToArray();
        return Windowing.Slide(["x"], [series], times, size, stride, sampleRateHz: 1);
    }

    [Fact]
    public void Slide_CutsWindowsAtTheStride()
    {
        var windows = Windows(10, 4, 2);
        Assert.Equal(4, windows.Count);
        Assert.Equal([4f, 5, 6, 7], windows.Window(2).ToArray());
        Assert.Equal(T0.AddSeconds(4), windows.StartTimes[2]);
    }

    [Fact]
    public void Assign_GivesOverlappingLabelsWithTheirConfidence_WhenAnnotationsCoverAWindow()
    {
        var annotations = new[]
        {
            new AnnotationSpan(T0, T0.AddSeconds(6), new Dictionary<string, float> { ["open"] = 0.8f }),
            new AnnotationSpan(T0.AddSeconds(4), T0.AddSeconds(10), new Dictionary<string, float> { ["leak"] = 1f }),
        };
        var labelled = WindowLabels.Assign(Windows(10, 4, 2), annotations);
        Assert.Equal(0.8f, labelled.Labels[0]!["open"]);
        Assert.False(labelled.Labels[0]!.ContainsKey("leak"));
        Assert.Equal(["leak", "open"], labelled.Labels[1]!.Keys.Order()); // [2, 6): half open, half leak
        Assert.Equal(["leak"], labelled.Labels[3]!.Keys);
    }

    [Fact]
    public void Create_KeepsEveryWindowOnOneSideOfEachSplit()
    {
        var split = TimeSplit.Create(Windows(100, 10, 5), 0.6, 0.2);
        var trainEnd = split.Train.StartTimes.Max().AddSeconds(10);
        Assert.True(split.Validation.StartTimes.Min() >= trainEnd);
        Assert.True(split.Test.StartTimes.Min() >= split.Validation.StartTimes.Max().AddSeconds(10));
        Assert.True(split.Dropped > 0);
        Assert.Equal(19, split.Train.Count + split.Validation.Count + split.Test.Count + split.Dropped);
    }

    [Fact]
    public void Suggest_MakesWindowsHalfAsLongAsShortLabels()
    {
        var suggestion = WindowSuggestion.Suggest(100, [TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(60)]);
        Assert.Equal(128, suggestion.Size); // 1.25 s at 100 Hz = 125 samples → 128
        Assert.Equal(64, suggestion.Stride);
    }

    [Fact]
    public void Suggest_SaysTheMinimumWindowMayBeShortForSlowData_WhenTwoSecondsHoldTooFewSamples()
    {
        var slow = WindowSuggestion.Suggest(1);
        Assert.Equal(WindowSuggestion.MinimumSize, slow.Size);
        Assert.Contains("slow process data", slow.Reason);
        Assert.DoesNotContain("slow process data", WindowSuggestion.Suggest(100).Reason);
    }
}
