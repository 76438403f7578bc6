using System.Globalization;

namespace Lodestone.Bench.Data;

/// <summary>
/// CPU time of the process's threads by name, sampled from /proc/self/task every 50 ms so that threads which end (the CSV
/// parsers, the producer) are counted too: which stage of an import spends the CPU. Parser threads are named
/// "CSV parser"; the thread running the import (and DuckDB's COPY) is a pool worker; DuckDB's own workers are named
/// after the process. Clock ticks are 10 ms.
/// </summary>
internal sealed class ThreadTimes : IDisposable
{
    private readonly Dictionary<string, (string Name, double Seconds)> seen = [];
    private readonly Timer timer;

    public ThreadTimes() => timer = new Timer(_ => Sample(), null, 0, 50);

    private void Sample()
    {
        lock (seen)
            foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
            {
                string stat;
                try { stat = File.ReadAllText(Path.Combine(task, "stat")); }
                catch (IOException) { continue; }
                // comm is in parentheses and may hold spaces; utime and stime are the 12th and 13th fields after it.
                var (open, close) = (stat.IndexOf('('), stat.LastIndexOf(')'));
                var fields = stat[(close + 2)..].Split(' ');
                var seconds = (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
                seen[task] = (stat[(open + 1)..close], seconds);
            }
    }

    public string Summary()
    {
        timer.Dispose();
        Sample();
        lock (seen)
            return string.Join(", ", seen.Values.Where(t => t.Seconds >= 0.05).GroupBy(t => t.Name)
                .Select(g => (Name: g.Key, Seconds: g.Sum(t => t.Seconds), Threads: g.Count())).OrderByDescending(g => g.Seconds)
                .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Name} ×{g.Threads} {g.Seconds:F2} s")));
    }

    public void Dispose() => timer.Dispose();
}
