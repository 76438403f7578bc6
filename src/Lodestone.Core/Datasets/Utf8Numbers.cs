using System.Globalization;

namespace Lodestone.Datasets;

/// <summary>
/// Parses the numbers and timestamps of the fast CSV path straight from UTF-8 bytes. Each parser accepts only a plain
/// form that DuckDB reads the same way (digits with an optional sign, point and exponent; ISO 8601 without an offset) and
/// says false for anything else, so that the import falls back to DuckDB's reader and its exact error messages.
/// Doubles are correctly rounded, like DuckDB's: exact integer-by-power-of-ten arithmetic where that is exact
/// (up to 2^53 and 10^±22), .NET's correctly rounded parser otherwise.
/// </summary>
internal static class Utf8Numbers
{
    private static readonly double[] PowersOfTen =
        [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

    /// <summary>Parses <c>-?digits(.digits)?([eE][+-]?digits)?</c>.</summary>
    public static bool TryParseDouble(ReadOnlySpan<byte> s, out double value) => ParseDoublePrefix(s, out value) == s.Length;

    /// <summary>
    /// Parses the number at the start of <paramref name="s"/>: the length it took, or −1 when no number in the plain form
    /// starts there (a sign, point or exponent without digits). The caller checks what follows: a separator, or the end.
    /// </summary>
    public static int ParseDoublePrefix(ReadOnlySpan<byte> s, out double value)
    {
        value = 0;
        var i = 0;
        var negative = false;
        if (s.Length > 0 && s[0] == '-') { negative = true; i = 1; }
        ulong mantissa = 0;
        int significant = 0, exponent = 0;
        var start = i;
        for (; i < s.Length && (uint)(s[i] - '0') <= 9; i++)
        {
            if (significant < 19) { mantissa = mantissa * 10 + (uint)(s[i] - '0'); if (mantissa != 0) significant++; }
            else exponent++;
        }
        if (i == start) return -1;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            var fractionStart = i;
            for (; i < s.Length && (uint)(s[i] - '0') <= 9; i++)
                if (significant < 19) { mantissa = mantissa * 10 + (uint)(s[i] - '0'); if (mantissa != 0) significant++; exponent--; }
            if (i == fractionStart) return -1;
        }
        if (i < s.Length && (s[i] | 0x20) == 'e')
        {
            i++;
            var exponentNegative = false;
            if (i < s.Length && (s[i] == '+' || s[i] == '-')) { exponentNegative = s[i] == '-'; i++; }
            var exponentStart = i;
            var written = 0;
            for (; i < s.Length && (uint)(s[i] - '0') <= 9; i++)
                if (written < 100_000) written = written * 10 + (s[i] - '0');
            if (i == exponentStart) return -1;
            exponent += exponentNegative ? -written : written;
        }
        if (significant < 19 && mantissa <= 1UL << 53 && exponent is >= -22 and <= 22)
        {
            var m = (double)mantissa;
            value = exponent >= 0 ? m * PowersOfTen[exponent] : m / PowersOfTen[-exponent];
            if (negative) value = -value;
            return i;
        }
        return double.TryParse(s[..i], NumberStyles.Float, CultureInfo.InvariantCulture, out value) ? i : -1;
    }

    /// <summary>Parses <c>-?digits</c> into a long (DuckDB's BIGINT).</summary>
    public static bool TryParseInteger(ReadOnlySpan<byte> s, out long value)
    {
        value = 0;
        var digits = s.Length > 0 && s[0] == '-' ? s[1..] : s;
        return digits.Length is > 0 and <= 18 && AllDigits(digits)
            && long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    private static bool AllDigits(ReadOnlySpan<byte> s)
    {
        foreach (var b in s) if ((uint)(b - '0') > 9) return false;
        return true;
    }

    /// <summary>
    /// Parses <c>YYYY-MM-DD[T ]HH:MM:SS[.f{1,6}][Z]</c> as UTC microseconds since 1970; DuckDB reads these as TIMESTAMP.
    /// With <paramref name="offsets"/> also <c>±HH:MM</c> or <c>±HHMM</c> after the time (hours up to 15), the instant in
    /// UTC, as DuckDB's TIMESTAMPTZ in the UTC time zone. Other offsets, more than six fraction digits, missing seconds
    /// and out-of-range fields say false.
    /// </summary>
    public static bool TryParseIsoTimestamp(ReadOnlySpan<byte> s, out long micros, bool offsets = false)
    {
        micros = 0;
        if (s.Length < 19 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') || s[13] != ':' || s[16] != ':') return false;
        if (!Two(s, 0, out var centuries) || !Two(s, 2, out var years) || !Two(s, 5, out var month) || !Two(s, 8, out var day)
            || !Two(s, 11, out var hour) || !Two(s, 14, out var minute) || !Two(s, 17, out var second))
            return false;
        var year = centuries * 100 + years;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
            return false;
        var i = 19;
        long fraction = 0;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            var start = i;
            for (; i < s.Length && (uint)(s[i] - '0') <= 9; i++) fraction = fraction * 10 + (s[i] - '0');
            var count = i - start;
            if (count is 0 or > 6) return false;
            for (var k = count; k < 6; k++) fraction *= 10;
        }
        var offsetMinutes = 0;
        if (i < s.Length && s[i] == 'Z') i++;
        else if (offsets && i < s.Length && (s[i] == '+' || s[i] == '-'))
        {
            var sign = s[i] == '-' ? -1 : 1;
            var rest = s[(i + 1)..];
            var colon = rest.Length == 5 && rest[2] == ':';
            if (!(colon || rest.Length == 4) || !Two(rest, 0, out var offsetHours) || !Two(rest, colon ? 3 : 2, out var minutesOfOffset)
                || offsetHours > 15 || minutesOfOffset > 59)
                return false;
            offsetMinutes = sign * (offsetHours * 60 + minutesOfOffset);
            i = s.Length;
        }
        if (i != s.Length) return false;
        var days = new DateOnly(year, month, day).DayNumber - UnixEpochDay;
        micros = ((days * 24L + hour) * 60 + minute - offsetMinutes) * 60_000_000L + second * 1_000_000L + fraction;
        return true;
    }

    private static readonly int UnixEpochDay = new DateOnly(1970, 1, 1).DayNumber;

    private static bool Two(ReadOnlySpan<byte> s, int at, out int value)
    {
        var (a, b) = ((uint)(s[at] - '0'), (uint)(s[at + 1] - '0'));
        value = (int)(a * 10 + b);
        return a <= 9 && b <= 9;
    }
}
