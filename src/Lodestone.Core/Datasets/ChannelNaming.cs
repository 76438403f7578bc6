using System.Text;

namespace Lodestone.Datasets;

/// <summary>
/// Column names in Parquet are kept plain so that SQL and other tools read them without quoting: every character other
/// than a letter, digit or underscore becomes '_' ("Volume Flow RateRMS" → "Volume_Flow_RateRMS"), runs collapse, a leading
/// digit gets a "c_" prefix, and clashes (with each other, or with ts and sensor_id) get "_2", "_3"…
/// The original header stays in <see cref="ChannelProfile.Name"/> and the dataset's manifest maps one to the other.
/// </summary>
internal static class ChannelNaming
{
    public static IReadOnlyList<string> SafeNames(IReadOnlyList<string> originals)
    {
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "ts", "sensor_id" };
        var result = new List<string>(originals.Count);
        foreach (var original in originals)
        {
            var safe = Safe(original);
            var candidate = safe;
            for (var n = 2; !taken.Add(candidate); n++) candidate = $"{safe}_{n}";
            result.Add(candidate);
        }
        return result;
    }

    private static string Safe(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var ch in name.Trim())
        {
            var keep = ch is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_';
            if (keep) builder.Append(ch);
            else if (builder.Length > 0 && builder[^1] != '_') builder.Append('_');
        }
        var safe = builder.ToString().Trim('_');
        if (safe.Length == 0) return "channel";
        return char.IsAsciiDigit(safe[0]) ? "c_" + safe : safe;
    }
}
