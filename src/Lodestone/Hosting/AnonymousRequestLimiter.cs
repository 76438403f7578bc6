using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Lodestone.Hosting;

/// <summary>
/// Rate-limits requests that carry no valid credentials, per client address (a token bucket of
/// <see cref="LimitsOptions.AnonymousRequestsPerSecond"/> and <see cref="LimitsOptions.AnonymousRequestBurst"/>), so a flood
/// of unauthenticated requests gets 429s before authorization or any endpoint works on it. Signed-in requests only pay
/// the authentication check here; their per-user limit is the endpoint policy.
/// </summary>
public sealed class AnonymousRequestLimiter : IMiddleware, IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public AnonymousRequestLimiter(IOptions<LimitsOptions> options)
    {
        var bucket = options.Value.AnonymousBucket();
        _limiter = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetTokenBucketLimiter(address, _ => bucket));
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (context.User.Identity?.IsAuthenticated == true)
        {
            await next(context);
            return;
        }
        using var lease = _limiter.AttemptAcquire(context.Connection.RemoteIpAddress?.ToString() ?? "");
        if (lease.IsAcquired)
        {
            await next(context);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = "1";
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = 429, Title = "Too many requests", Detail = "Too many requests without credentials from this address; wait a moment, or sign in." },
        });
    }

    public void Dispose() => _limiter.Dispose();
}
