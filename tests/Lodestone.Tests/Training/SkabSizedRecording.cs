using System.Globalization;
using System.Text;

namespace Lodestone.Training;

/// <summary>
/// A generated recording of SKAB's size and shape (one valve file: about 1,150 rows at 1 Hz, eight process channels and an
/// <c>anomaly</c> column marking one fault of about seven minutes), so tests need not copy the shared dataset. The channels
/// wander slowly (AR(1) with φ = 0.995, as SKAB's temperatures and pressures do), so their memory is long, which is what
/// sizes a window of slow data. Shared with the browser tests (linked into Lodestone.EndToEnd).
/// </summary>
public static class SkabSizedRecording
{
    public static readonly IReadOnlyList<string> Channels =
        ["Accelerometer1RMS", "Accelerometer2RMS", "Current", "Pressure", "Temperature", "Thermocouple", "Voltage", "Volume Flow RateRMS"];

    public static byte[] Csv(int rows = 1_150, int seed = 5)
    {
        var random = new Random(seed);
        var builder = new StringBuilder("datetime," + string.Join(",", Channels) + ",anomaly\n");
        var start = new DateTime(2020, 3, 9, 10, 14, 33, DateTimeKind.Utc);
        var slow = new double[Channels.Count];
        var level = new[] { 0.027, 0.26, 1.6, 0.05, 68.0, 24.0, 230.0, 32.0 };
        var faultFrom = rows * 6 / 10;
        var faultTo = faultFrom + Math.Min(420, rows / 3);
        for (var i = 0; i < rows; i++)
        {
            var fault = i >= faultFrom && i < faultTo;
            builder.Append(start.AddSeconds(i).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
            for (var c = 0; c < slow.Length; c++)
            {
                slow[c] = 0.995 * slow[c] + 0.1 * (random.NextDouble() - 0.5);
                var value = level[c] * (1 + 0.02 * slow[c] + 0.005 * (random.NextDouble() - 0.5) + (fault && c is 0 or 1 or 7 ? 0.15 : 0));
                builder.Append(',').Append(value.ToString("F5", CultureInfo.InvariantCulture));
            }
            builder.Append(fault ? ",1\n" : ",0\n");
        }
        return Encoding.UTF8.GetBytes(builder.ToString());
    }
}
