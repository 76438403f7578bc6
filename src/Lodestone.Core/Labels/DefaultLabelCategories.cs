namespace Lodestone.Labels;

/// <summary>The labels a project starts with, keys 1 to 5, so that a person can label on the first visit.</summary>
public static class DefaultLabelCategories
{
    public static readonly IReadOnlyList<(string Name, string Color, string Key)> All =
    [
        ("Fan Noise", "#1f77b4", "1"),
        ("Motor", "#ff7f0e", "2"),
        ("Normal", "#2ca02c", "3"),
        ("Anomaly", "#d62728", "4"),
        ("Electrical", "#9467bd", "5"),
    ];
}
