using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Lodestone.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Lodestone.Security;

/// <summary>
/// Walks every operation of the OpenAPI document and every MLflow route as a project admin, with malformed bodies, wrong
/// types, huge and non-finite numbers, deep nesting, oversized bodies and hostile path and query values, and finds no
/// 5xx and no stack trace. New routes are covered without touching this test.
/// </summary>
public sealed class HostileInputWalkTests : IClassFixture<HostileInputWalkTests.WalkAppFactory>
{
    /// <summary>An upload limit low enough that an oversized body is cheap to send, and a rate that the walk never reaches.</summary>
    public sealed class WalkAppFactory : LodestoneAppFactory
    {
        public const int MaxBodyBytes = 64 * 1024;

        public WalkAppFactory()
        {
            Settings["Lodestone:Limits:RequestsPerSecond"] = "100000";
            Settings["Lodestone:Limits:RequestBurst"] = "100000";
            Settings["Lodestone:Limits:MaxUploadBytes"] = (MaxBodyBytes * 4).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    private readonly WalkAppFactory _app;

    public HostileInputWalkTests(WalkAppFactory app) => _app = app;

    [Fact]
    public async Task EveryRoute_AnswersHostileInputWithoutA5xxOrAStackTrace()
    {
        var admin = await _app.CreateUserAsync();
        var ids = await CreateSubjectsAsync(admin);
        var document = JsonNode.Parse(await admin.Client.GetStringAsync("/openapi/v1.json"))!;
        var requests = Operations(document).SelectMany(o => HostileInput.Requests(o.Method, o.Pattern, o.Operation, document, ids))
            .Concat(MlflowRoutes().SelectMany(r => HostileInput.MlflowRequests(r.Method, r.Pattern, ids)))
            .ToList();
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();

        // A few at a time, as clients do; the server's answers do not depend on the order.
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 4 },
            async (request, _) => await SendAsync(admin.Client, request, failures));

        Assert.True(requests.Count > 1000, $"Only {requests.Count} requests were sent; the walk found too few routes.");
        Assert.True(failures.IsEmpty, $"{failures.Count} of {requests.Count} requests failed:\n" + string.Join("\n", failures.Distinct().Order().Take(60)));
    }

    private static async Task SendAsync(HttpClient client, HttpRequestMessage request, System.Collections.Concurrent.ConcurrentQueue<string> failures)
    {
        var what = $"{request.Method} {Shorten(request.RequestUri!.OriginalString)} {Shorten(request.Content is null ? "" : await request.Content.ReadAsStringAsync())}";
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode >= 500)
            failures.Enqueue($"{(int)response.StatusCode} for {what}: {Shorten(body)}");
        else if (body.Contains("   at ", StringComparison.Ordinal) || body.Contains("Exception:", StringComparison.Ordinal))
            failures.Enqueue($"a stack trace for {what}: {Shorten(body)}");
    }

    private static string Shorten(string text) => text.Length > 160 ? text[..160] + $"…({text.Length} chars)" : text;

    /// <summary>A project, a dataset, a sensor and an external run, so that routes taking their ids get past the lookup.</summary>
    private static async Task<HostileInput.Subjects> CreateSubjectsAsync(TestUser admin)
    {
        var project = await LodestoneAppFactory.CreateProjectAsync(admin, "Walked " + Guid.NewGuid().ToString("N")[..6]);
        var csv = "timestamp,sensor_id,b_x\n2026-05-01T08:00:00Z,mag-1,1.5\n2026-05-01T08:00:01Z,mag-1,1.7\n2026-05-01T08:00:02Z,mag-1,1.6\n"u8.ToArray();
        var dataset = await LodestoneAppFactory.UploadAsync(admin, project, csv, "walk.csv");
        (await admin.Client.PutAsJsonAsync($"/api/projects/{project}/sensors/mag-1", new { kind = "Magnetometer" })).EnsureSuccessStatusCode();
        var created = await admin.Client.PostAsync("/api/2.0/mlflow/runs/create",
            new StringContent($$"""{"experiment_id":"{{project:N}}","run_name":"walk"}""", Encoding.UTF8, "application/json"));
        var run = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("run").GetProperty("info").GetProperty("run_id").GetString()!;
        (await admin.Client.PutAsync($"/api/2.0/mlflow-artifacts/artifacts/{project:N}/{run}/artifacts/afile", new ByteArrayContent("x"u8.ToArray()))).EnsureSuccessStatusCode();
        return new HostileInput.Subjects(project, dataset.Dataset.Id, Guid.Parse(run), "mag-1");
    }

    private static IEnumerable<(string Method, string Pattern, JsonNode Operation)> Operations(JsonNode document)
    {
        foreach (var (pattern, item) in document["paths"]!.AsObject())
            foreach (var (method, operation) in item!.AsObject())
                if (method is "get" or "post" or "put" or "patch" or "delete")
                    yield return (method.ToUpperInvariant(), pattern, operation!);
    }

    private IEnumerable<(string Method, string Pattern)> MlflowRoutes()
    {
        var endpoints = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        foreach (var endpoint in endpoints)
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            if (!Regex.IsMatch(pattern, "^/(ajax-)?api/2.0/mlflow")) continue;
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                yield return (method, pattern);
        }
    }
}
