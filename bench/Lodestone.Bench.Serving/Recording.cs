using System.Globalization;
using System.Text;

namespace Lodestone.Bench.Serving;

/// <summary>
/// A generated fan-motor magnetometer at 10 Hz: three axes with a slow rotation and noise; during faults (a random third
/// of 40-sample blocks) the rotation's amplitude doubles and the field shifts. A <c>fault</c> column labels them. The
/// same samples go to Lodestone (as a CSV upload) and, cut into the same windows, to the Python peer.
/// </summary>
public sealed class Recording
{
    private readonly float[][] _axes;
    private readonly bool[] _fault;
    private readonly DateTime _start = new(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);
    public static readonly string[] Channels = ["b_x", "b_y", "b_z"];

    private Recording(float[][] axes, bool[] fault) => (_axes, _fault) = (axes, fault);

    public static Recording Generate(int samples, int seed)
    {
        var random = new Random(seed);
        var axes = Channels.Select(_ => new float[samples]).ToArray();
        var fault = new bool[samples];
        var faulty = false;
        for (var i = 0; i < samples; i++)
        {
            if (i % 40 == 0) faulty = random.NextDouble() < 1 / 3.0;
            fault[i] = faulty;
            var amplitude = faulty ? 2.0 : 1.0;
            var phase = 2 * Math.PI * 0.8 * i / 10;
            axes[0][i] = (float)(20 + (faulty ? 1.5 : 0) + amplitude * Math.Sin(phase) + 0.3 * random.NextDouble());
            axes[1][i] = (float)(-5 + amplitude * Math.Cos(phase) + 0.3 * random.NextDouble());
            axes[2][i] = (float)(40 - (faulty ? 1.5 : 0) + 0.3 * random.NextDouble());
        }
        return new Recording(axes, fault);
    }

    public byte[] Csv()
    {
        var csv = new StringBuilder("timestamp,b_x,b_y,b_z,fault\n");
        for (var i = 0; i < _fault.Length; i++)
            csv.Append(CultureInfo.InvariantCulture,
                $"{_start.AddMilliseconds(100 * i):yyyy-MM-ddTHH:mm:ss.fffZ},{_axes[0][i]:F4},{_axes[1][i]:F4},{_axes[2][i]:F4},{(_fault[i] ? 1 : 0)}\n");
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    /// <summary>Windows of <paramref name="length"/> samples every <paramref name="length"/>, each with its majority label.</summary>
    public List<(Dictionary<string, float[]> Window, string Label)> Windows(int length) =>
        Enumerable.Range(0, _fault.Length / length).Select(w => (Window(length, w),
            _fault.Skip(w * length).Take(length).Count(f => f) * 2 >= length ? "Anomaly" : "Normal")).ToList();

    public Dictionary<string, float[]> Window(int length, int index) =>
        Channels.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => _axes[x.i].AsSpan(index * length, length).ToArray());
}
