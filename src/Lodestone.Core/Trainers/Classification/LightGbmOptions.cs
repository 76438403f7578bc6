namespace Lodestone.Trainers.Classification;

public sealed class LightGbmOptions : TrainerOptions
{
    public int Iterations { get; set; } = 100;
    public double LearningRate { get; set; } = 0.1;
    public int Leaves { get; set; } = 15;

    /// <summary>Fewest windows in a leaf; 0 scales it with the data (the library's 20 cannot split a few dozen windows).</summary>
    public int MinimumWindowsPerLeaf { get; set; }

    /// <summary>Weight windows inversely to their class's frequency, so rare classes count as much as common ones.</summary>
    public bool BalanceClasses { get; set; } = true;

    /// <summary>Labels the data must contain; Check lists those missing. Empty: whatever labels the data have.</summary>
    public List<string> Labels { get; set; } = [];

    /// <summary>Spectral bands per channel in the window features.</summary>
    public int Bands { get; set; } = 4;
}
