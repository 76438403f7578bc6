using System.Threading.RateLimiting;

namespace Lodestone.Hosting;

/// <summary>Upload size and request rates. Bound from <c>Lodestone:Limits</c>.</summary>
public sealed class LimitsOptions
{
    public const string Section = "Lodestone:Limits";

    /// <summary>The largest CSV accepted by an upload, in bytes (default 2 GB).</summary>
    public long MaxUploadBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Sustained API requests per second per user; bursts up to <see cref="RequestBurst"/>.</summary>
    public int RequestsPerSecond { get; set; } = 500;

    public int RequestBurst { get; set; } = 2000;

    /// <summary>Sustained requests per second without credentials, per client address; bursts up to <see cref="AnonymousRequestBurst"/>.</summary>
    public int AnonymousRequestsPerSecond { get; set; } = 20;

    /// <summary>Enough for a browser to load the sign-in page and its scripts and styles a few times over.</summary>
    public int AnonymousRequestBurst { get; set; } = 200;

    /// <summary>Sustained predict requests per second per user (deployments and versions); bursts up to <see cref="PredictBurst"/>.</summary>
    public int PredictRequestsPerSecond { get; set; } = 50_000;

    public int PredictBurst { get; set; } = 100_000;

    public TokenBucketRateLimiterOptions PredictBucket() => new()
    {
        TokenLimit = PredictBurst,
        TokensPerPeriod = PredictRequestsPerSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    public TokenBucketRateLimiterOptions AnonymousBucket() => new()
    {
        TokenLimit = AnonymousRequestBurst,
        TokensPerPeriod = AnonymousRequestsPerSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    public TokenBucketRateLimiterOptions RequestBucket() => new()
    {
        TokenLimit = RequestBurst,
        TokensPerPeriod = RequestsPerSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
