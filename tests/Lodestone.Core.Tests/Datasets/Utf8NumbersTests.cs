using System.Globalization;
using System.Text;
using Lodestone.Datasets;

namespace Lodestone.Tests.Datasets;

public sealed class Utf8NumbersTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("-0.0")]
    [InlineData("19500.422")]
    [InlineData("-0.0033")]
    [InlineData("52.370217")]
    [InlineData("1e5")]
    [InlineData("2.5E-3")]
    [InlineData("0.1")]
    [InlineData("123456789012345678901234567890")]
    [InlineData("3.141592653589793238462643383279")]
    [InlineData("9007199254740993")]
    [InlineData("1e-320")]
    [InlineData("4.9406564584124654e-324")]
    [InlineData("1.7976931348623157e308")]
    public void TryParseDouble_GivesTheCorrectlyRoundedDouble(string text)
    {
        Assert.True(Utf8Numbers.TryParseDouble(Encoding.ASCII.GetBytes(text), out var value));

        Assert.Equal(double.Parse(text, CultureInfo.InvariantCulture), value);
        Assert.Equal(double.IsNegative(double.Parse(text, CultureInfo.InvariantCulture)), double.IsNegative(value));
    }

    [Fact]
    public void TryParseDouble_MatchesDotNet_OnManyRandomNumbers()
    {
        var random = new Random(7);
        for (var i = 0; i < 100_000; i++)
        {
            var number = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-12, 12));
            var text = number.ToString(random.Next(3) switch { 0 => "R", 1 => "F4", _ => "E10" }, CultureInfo.InvariantCulture);
            Assert.True(Utf8Numbers.TryParseDouble(Encoding.ASCII.GetBytes(text), out var value), text);
            Assert.Equal(double.Parse(text, CultureInfo.InvariantCulture), value);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("+1")]
    [InlineData(".5")]
    [InlineData("1.")]
    [InlineData("1e")]
    [InlineData(" 1")]
    [InlineData("1,5")]
    [InlineData("nan")]
    [InlineData("inf")]
    [InlineData("0x10")]
    public void TryParseDouble_LeavesUnusualFormsToDuckDb(string text) =>
        Assert.False(Utf8Numbers.TryParseDouble(Encoding.ASCII.GetBytes(text), out _));

    [Theory]
    [InlineData("2024-03-01T12:34:56", "2024-03-01T12:34:56.0000000Z")]
    [InlineData("2024-03-01 12:34:56.5", "2024-03-01T12:34:56.5000000Z")]
    [InlineData("2024-02-29T23:59:59.123456Z", "2024-02-29T23:59:59.1234560Z")]
    [InlineData("1969-12-31T23:59:59.999999", "1969-12-31T23:59:59.9999990Z")]
    public void TryParseIsoTimestamp_ReadsUtcMicroseconds(string text, string expected)
    {
        Assert.True(Utf8Numbers.TryParseIsoTimestamp(Encoding.ASCII.GetBytes(text), out var micros));

        var time = DateTime.Parse(expected, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        Assert.Equal((time - DateTime.UnixEpoch).Ticks / 10, micros);
    }

    [Theory]
    [InlineData("2024-03-01")]
    [InlineData("2024-03-01T12:34")]
    [InlineData("2024-02-30T00:00:00")]
    [InlineData("2024-03-01T24:00:00")]
    [InlineData("2024-03-01T12:34:56+01:00")]
    [InlineData("2024-03-01T12:34:56.1234567")]
    [InlineData("2024-03-01T12:34:56.")]
    public void TryParseIsoTimestamp_LeavesUnusualFormsToDuckDb(string text) =>
        Assert.False(Utf8Numbers.TryParseIsoTimestamp(Encoding.ASCII.GetBytes(text), out _));

    [Theory]
    [InlineData("2024-03-01T12:34:56+01:00", "2024-03-01T11:34:56.0000000Z")]
    [InlineData("2024-03-01 00:10:00.25-0130", "2024-03-01T01:40:00.2500000Z")]
    [InlineData("2024-03-01T00:00:00Z", "2024-03-01T00:00:00.0000000Z")]
    [InlineData("2024-03-01T00:00:00", "2024-03-01T00:00:00.0000000Z")]
    public void TryParseIsoTimestamp_WithOffsets_ReadsTheInstantInUtc(string text, string expected)
    {
        Assert.True(Utf8Numbers.TryParseIsoTimestamp(Encoding.ASCII.GetBytes(text), out var micros, offsets: true));

        var time = DateTime.Parse(expected, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        Assert.Equal((time - DateTime.UnixEpoch).Ticks / 10, micros);
    }

    [Theory]
    [InlineData("2024-03-01T12:34:56+01")]
    [InlineData("2024-03-01T12:34:56+16:00")]
    [InlineData("2024-03-01T12:34:56+01:60")]
    [InlineData("2024-03-01T12:34:56+01:00:00")]
    public void TryParseIsoTimestamp_LeavesUnusualOffsetsToDuckDb(string text) =>
        Assert.False(Utf8Numbers.TryParseIsoTimestamp(Encoding.ASCII.GetBytes(text), out _, offsets: true));
}
