namespace Lodestone.Deployments;

/// <summary>
/// Requests a deployment answered, per second over the last minute, with their latency, for the deployments page.
/// Lock-free so that the predict path pays a few interlocked adds: a bucket is reset by whoever first writes to it in a
/// new second, and a request racing that reset may go uncounted, which a "recent requests" figure can afford.
/// </summary>
public sealed class RequestStats
{
    private const int Seconds = 60;
    private readonly long[] _second = new long[Seconds];
    private readonly long[] _count = new long[Seconds];
    private readonly long[] _failures = new long[Seconds];
    private readonly long[] _ticks = new long[Seconds];
    private long _total;

    public long Total => Interlocked.Read(ref _total);

    public void Record(long elapsedTicks, bool failed, long unixSecond)
    {
        var i = (int)(unixSecond % Seconds);
        var seen = Interlocked.Read(ref _second[i]);
        if (seen != unixSecond && Interlocked.CompareExchange(ref _second[i], unixSecond, seen) == seen)
        {
            Interlocked.Exchange(ref _count[i], 0);
            Interlocked.Exchange(ref _failures[i], 0);
            Interlocked.Exchange(ref _ticks[i], 0);
        }
        Interlocked.Increment(ref _count[i]);
        if (failed) Interlocked.Increment(ref _failures[i]);
        Interlocked.Add(ref _ticks[i], elapsedTicks);
        Interlocked.Increment(ref _total);
    }

    /// <summary>Requests, failures and mean latency over the last minute before <paramref name="unixSecond"/>.</summary>
    public RecentRequests Recent(long unixSecond)
    {
        long count = 0, failures = 0, ticks = 0;
        for (var i = 0; i < Seconds; i++)
        {
            var second = Interlocked.Read(ref _second[i]);
            if (second <= unixSecond - Seconds || second > unixSecond) continue;
            count += Interlocked.Read(ref _count[i]);
            failures += Interlocked.Read(ref _failures[i]);
            ticks += Interlocked.Read(ref _ticks[i]);
        }
        return new RecentRequests(count, failures, count == 0 ? null : TimeSpan.FromTicks(ticks / count).TotalMilliseconds, Total);
    }
}

/// <summary>What a deployment answered in the last minute: requests, failed ones, mean latency (ms), and all since start-up.</summary>
public sealed record RecentRequests(long LastMinute, long FailedLastMinute, double? MeanLatencyMs, long SinceStart);
