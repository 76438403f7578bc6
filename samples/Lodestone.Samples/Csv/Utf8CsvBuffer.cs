using System.Globalization;
using System.Numerics;
using System.Text;

namespace Lodestone.Samples;

/// <summary>
/// Builds CSV rows as ASCII bytes in one large buffer and hands full buffers to a stream. Numbers are written as fixed
/// point from the value scaled and rounded to a 64-bit integer: much faster than general double formatting and
/// culture-free by construction. It agrees with <c>ToString("F<i>n</i>", InvariantCulture)</c> except, rarely, by one
/// in the last digit when the value sits on a rounding tie.
/// </summary>
internal sealed class Utf8CsvBuffer
{
    private static readonly double[] PowersOfTen = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8];

    private static readonly byte[] DigitPairs = MakeDigitPairs();
    private static readonly ulong[] UnsignedPowersOfTen =
    [
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000, 10_000_000_000,
        100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000, 1_000_000_000_000_000,
        10_000_000_000_000_000, 100_000_000_000_000_000, 1_000_000_000_000_000_000, 10_000_000_000_000_000_000,
    ];

    private readonly Stream _stream;
    private readonly byte[] _buffer;
    private int _position;
    private long _cachedSecond = long.MinValue;
    private readonly byte[] _secondPrefix = new byte[20];
    private readonly List<(string Text, byte[] Bytes)> _encoded = [];

    public Utf8CsvBuffer(Stream stream, int size = 1 << 20)
    {
        _stream = stream;
        _buffer = new byte[size];
    }

    /// <summary>Flushes first if fewer than <paramref name="bytes"/> bytes are left; a row is far shorter than 1 KB.</summary>
    public void Reserve(int bytes = 1024)
    {
        if (_position + bytes > _buffer.Length) Flush();
    }

    public void Flush()
    {
        _stream.Write(_buffer, 0, _position);
        _position = 0;
    }

    public void Byte(byte b) => _buffer[_position++] = b;

    /// <summary>Writes a short text (a header, a sensor id); the few distinct ones are encoded once and kept.</summary>
    public void Ascii(string text)
    {
        byte[]? bytes = null;
        foreach (var (known, encoded) in _encoded)
        {
            if (ReferenceEquals(known, text))
            {
                bytes = encoded;
                break;
            }
        }
        if (bytes is null)
        {
            bytes = Encoding.UTF8.GetBytes(text);
            if (_encoded.Count < 256) _encoded.Add((text, bytes));
        }
        if (_position + bytes.Length > _buffer.Length) Flush();
        bytes.CopyTo(_buffer, _position);
        _position += bytes.Length;
    }

    /// <summary><c>yyyy-MM-ddTHH:mm:ss.fffZ</c>; the part up to the seconds is formatted once per second.</summary>
    public void Timestamp(DateTime utc)
    {
        long second = utc.Ticks / TimeSpan.TicksPerSecond;
        if (second != _cachedSecond)
        {
            var whole = new DateTime(second * TimeSpan.TicksPerSecond, DateTimeKind.Utc);
            whole.TryFormat(_secondPrefix, out _, "yyyy-MM-dd'T'HH:mm:ss'.'", CultureInfo.InvariantCulture);
            _cachedSecond = second;
        }
        _secondPrefix.CopyTo(_buffer, _position);
        _position += _secondPrefix.Length;
        int ms = (int)(utc.Ticks / TimeSpan.TicksPerMillisecond % 1000);
        _buffer[_position++] = (byte)('0' + ms / 100);
        _buffer[_position++] = (byte)('0' + ms / 10 % 10);
        _buffer[_position++] = (byte)('0' + ms % 10);
        _buffer[_position++] = (byte)'Z';
    }

    /// <summary>A number with a fixed count of decimals (at most 8); NaN writes nothing, which reads as a missing value.</summary>
    public void Fixed(double value, int decimals)
    {
        if (double.IsNaN(value)) return;
        double scaled = Math.Round(value * PowersOfTen[decimals]);
        if (!(Math.Abs(scaled) < 1e15))
        {
            value.TryFormat(_buffer.AsSpan(_position), out int written, DecimalsFormat(decimals), CultureInfo.InvariantCulture);
            _position += written;
            return;
        }
        long units = (long)scaled;
        if (units < 0)
        {
            _buffer[_position++] = (byte)'-';
            units = -units;
        }
        // Digits are written right to left, two at a time from a table, with divisions by constants only (multiplies
        // for the JIT); the decimal point goes in after the fraction's digits; one digit at least before the point.
        int digits = Math.Max(CountDigits((ulong)units), decimals + 1);
        int last = _position + digits + (decimals > 0 ? 1 : 0) - 1;
        int i = last;
        for (int d = 0; d < digits;)
        {
            if (d + 2 <= digits && (d + 2 <= decimals || d >= decimals))
            {
                long pair = units % 100;
                units /= 100;
                _buffer[i--] = DigitPairs[2 * pair + 1];
                _buffer[i--] = DigitPairs[2 * pair];
                d += 2;
            }
            else
            {
                _buffer[i--] = (byte)('0' + units % 10);
                units /= 10;
                d++;
            }
            if (d == decimals) _buffer[i--] = (byte)'.';
        }
        _position = last + 1;
    }

    /// <summary>Decimal digits of a number from its bit length, without a chain of divisions.</summary>
    private static int CountDigits(ulong value)
    {
        int guess = ((64 - BitOperations.LeadingZeroCount(value | 1)) * 1233) >> 12;
        return guess + (value >= UnsignedPowersOfTen[guess] ? 1 : 0);
    }

    private static byte[] MakeDigitPairs()
    {
        var pairs = new byte[200];
        for (int n = 0; n < 100; n++)
        {
            pairs[2 * n] = (byte)('0' + n / 10);
            pairs[2 * n + 1] = (byte)('0' + n % 10);
        }
        return pairs;
    }

    private static string DecimalsFormat(int decimals) => "F" + decimals.ToString(CultureInfo.InvariantCulture);
}
