using System.Diagnostics;
using System.Globalization;

namespace Lodestone.Bench.Data;

/// <summary>Runs the peer script pandas_read_csv.py (Debian's pandas under /usr/bin/python3) on a file.</summary>
internal static class PandasPeer
{
    public static (double Seconds, double PeakMegabytes, double Cpu) ReadCsv(string csv, char separator = ',')
    {
        var script = Path.Combine(AppContext.BaseDirectory, "pandas_read_csv.py");
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(csv);
        start.ArgumentList.Add(separator.ToString());
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException("pandas failed (apt-get install -y python3-pandas): " + error.Result);
        var parts = output.Result.Trim().Split(' ');
        return (double.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[2]) / 1024.0, double.Parse(parts[3], CultureInfo.InvariantCulture));
    }
}
