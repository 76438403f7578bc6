using System.Globalization;
using System.Text;

namespace Lodestone.Cli;

/// <summary>
/// Text from a file or the database, made safe to print: control characters (escape sequences that would recolour,
/// move the cursor or retitle the terminal) and bidirectional overrides are shown as <c>\u001B</c>-style escapes.
/// </summary>
internal static class TerminalText
{
    public static string Safe(string? text)
    {
        if (string.IsNullOrEmpty(text) || !text.Any(IsUnsafe)) return text ?? "";
        var safe = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (IsUnsafe(c)) safe.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            else safe.Append(c);
        }
        return safe.ToString();
    }

    private static bool IsUnsafe(char c) => char.IsControl(c) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';
}
