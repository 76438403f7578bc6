using System.Net;
using System.Text;
using Lodestone.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Lodestone.Security;

/// <summary>
/// Walks every route the app maps, as an outsider and as a member of another project, and proves nothing leaks.
/// New routes are covered without touching this test.
/// </summary>
public sealed class RouteWalkTests : IClassFixture<LodestoneAppFactory>
{
    // The only routes anyone may reach without signing in. Static files (a path ending in a file name) are the rest.
    private static readonly HashSet<string> PublicRoutes = ["/", "/login", "/health", "/account/login"];

    private readonly LodestoneAppFactory _app;

    public RouteWalkTests(LodestoneAppFactory app) => _app = app;

    [Fact]
    public void OnlyTheLandingPageSignInAndHealth_AllowAnonymousAccess()
    {
        var anonymous = Routes().Where(r => r.AllowsAnonymous && !r.IsStaticFile).Select(r => r.Pattern).Distinct().ToList();

        Assert.All(anonymous, pattern => Assert.Contains(pattern, PublicRoutes));
        Assert.Contains(Routes(), r => r.Pattern.StartsWith("/api/projects/{projectId", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EveryOtherRoute_RefusesAnOutsider()
    {
        var client = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        foreach (var route in Routes().Where(r => !r.AllowsAnonymous))
        {
            var response = await client.SendAsync(route.Request(Guid.NewGuid()));
            // Anonymous requests share one rate-limit bucket and the walk sends hundreds: wait for it to refill and ask again,
            // since a 429 says nothing about whether the route would have answered without credentials.
            for (var retry = 0; retry < 60 && response.StatusCode == System.Net.HttpStatusCode.TooManyRequests; retry++)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
                response = await client.SendAsync(route.Request(Guid.NewGuid()));
            }
            var status = (int)response.StatusCode;
            var refused = status is 401 or 403 || (status == 302 && response.Headers.Location!.OriginalString.Contains("/login"));
            Assert.True(refused, $"{route.Method} {route.Pattern} answered {status} to a request without credentials.");
        }
    }

    [Fact]
    public async Task AMemberOfAnotherProject_SeesNothingOfThisOne()
    {
        var owner = await _app.CreateUserAsync();
        var secretName = "Secret site " + Guid.NewGuid().ToString("N")[..6];
        var project = await LodestoneAppFactory.CreateProjectAsync(owner, secretName);
        var other = await _app.CreateUserAsync();
        await LodestoneAppFactory.CreateProjectAsync(other, "Elsewhere");

        foreach (var route in Routes().Where(r => !r.AllowsAnonymous && r.Pattern.StartsWith("/api", StringComparison.Ordinal)))
        {
            var response = await other.Client.SendAsync(route.Request(project));
            var body = await response.Content.ReadAsStringAsync();
            if (route.Pattern.Contains("{projectId"))
                Assert.False(response.IsSuccessStatusCode, $"{route.Method} {route.Pattern} answered {(int)response.StatusCode} to a non-member.");
            Assert.DoesNotContain(project.ToString(), body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(secretName, body);
        }
    }

    private List<RouteUnderTest> Routes()
    {
        _app.CreateClient().Dispose(); // builds the host
        var endpoints = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        var routes = new List<RouteUnderTest>();
        foreach (var endpoint in endpoints)
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            foreach (var method in methods)
                routes.Add(new RouteUnderTest(method, pattern, anonymous));
        }
        return routes;
    }

    private sealed record RouteUnderTest(string Method, string Pattern, bool AllowsAnonymous)
    {
        public bool IsStaticFile => Path.HasExtension(Pattern.Split('/').Last()) && !Pattern.Contains('{');

        /// <summary>A request with every route parameter filled: the project id where one is asked for, plausible values elsewhere.</summary>
        public HttpRequestMessage Request(Guid projectId)
        {
            var path = System.Text.RegularExpressions.Regex.Replace(Pattern, @"\{\*?\*?([a-zA-Z]+)[^}]*\}", m =>
                m.Groups[1].Value == "projectId" ? projectId.ToString()
                : m.Value.Contains(":guid") || m.Groups[1].Value.EndsWith("Id", StringComparison.Ordinal) ? Guid.NewGuid().ToString()
                : m.Value.Contains(":int") || m.Value.Contains(":long") ? "1"
                : "x");
            var request = new HttpRequestMessage(new HttpMethod(Method), path);
            if (Method is "POST" or "PUT" or "PATCH")
                request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            return request;
        }
    }
}
