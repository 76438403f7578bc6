using System.Net;
using Lodestone.Infrastructure;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Lodestone.Security;

public sealed class RateLimitTests
{
    private static LodestoneAppFactory App(int burst = 3, int anonymousBurst = 5) => new()
    {
        Settings =
        {
            ["Lodestone:Limits:RequestsPerSecond"] = "1", ["Lodestone:Limits:RequestBurst"] = burst.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Lodestone:Limits:AnonymousRequestsPerSecond"] = "1", ["Lodestone:Limits:AnonymousRequestBurst"] = anonymousBurst.ToString(System.Globalization.CultureInfo.InvariantCulture),
        },
    };

    [Fact]
    public void EveryApiRoute_TheHubAndTheJobDashboard_HaveARateLimit()
    {
        using var app = App();
        app.CreateClient().Dispose();
        string[] limited = ["/api", "/ajax-api", "/hubs", "/hangfire"];
        var unlimited = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } p && limited.Any(prefix => p.StartsWith(prefix, StringComparison.Ordinal)))
            .Where(e => e.Metadata.GetMetadata<EnableRateLimitingAttribute>() is null)
            .Select(e => e.RoutePattern.RawText)
            .ToList();

        Assert.Empty(unlimited);
    }

    [Theory]
    [InlineData("/api/trainers")]
    [InlineData("/api/2.0/mlflow-artifacts/artifacts?path=x")]
    public async Task AUserOverTheirRate_Gets429_OnRoutesThatHadNoLimit(string route)
    {
        using var app = App();
        var user = await app.CreateUserAsync();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++) statuses.Add((await user.Client.GetAsync(route)).StatusCode);

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, statuses[0]);
    }

    [Fact]
    public async Task AnUnauthenticatedFloodFromOneAddress_Gets429_WhileOtherAddressesAndSignedInUsersDoNot()
    {
        using var app = App(burst: 1000);
        var user = await app.CreateUserAsync();

        var flood = new List<HttpStatusCode>();
        for (var i = 0; i < 20; i++) flood.Add(await SendFromAsync(app, "10.0.0.1", "/api/projects"));
        var otherAddress = await SendFromAsync(app, "10.0.0.2", "/api/projects");
        var signedIn = await SendFromAsync(app, "10.0.0.1", "/api/projects", user.ApiKey);

        Assert.Equal(HttpStatusCode.Unauthorized, flood[0]);
        Assert.Equal(HttpStatusCode.TooManyRequests, flood[^1]);
        Assert.Equal(HttpStatusCode.Unauthorized, otherAddress);
        Assert.Equal(HttpStatusCode.OK, signedIn);
    }

    private static async Task<HttpStatusCode> SendFromAsync(LodestoneAppFactory app, string address, string path, string? apiKey = null)
    {
        var context = await app.Server.SendAsync(c =>
        {
            c.Request.Method = "GET";
            c.Request.Path = path;
            c.Connection.RemoteIpAddress = IPAddress.Parse(address);
            if (apiKey is not null) c.Request.Headers.Authorization = $"Bearer {apiKey}";
        });
        return (HttpStatusCode)context.Response.StatusCode;
    }
}
