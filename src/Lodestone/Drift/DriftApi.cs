using System.Security.Claims;
using Lodestone.Accounts;
using Lodestone.Models;
using Lodestone.Projects;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lodestone.Drift;

/// <summary>
/// Drift reports under <c>/api/projects/{projectId}/drift</c>: compare recent data (a dataset, optionally a time range
/// and a sensor, or a sensor's latest readings) with a model version's training data; list and read reports.
/// Members read, editors create; a non-member gets 404 (the project group's rule).
/// </summary>
public static class DriftApi
{
    public static void MapDriftApi(this IEndpointRouteBuilder app)
    {
        var drift = app.MapProjectGroup("/drift", "Drift");
        drift.MapPost("/", Create).RequiresRole(ProjectRole.Editor)
            .WithSummary("Compare recent data with a model version's training data")
            .WithDescription("`{\"model\": \"pump\", \"version\": 2 | \"alias\": \"production\", \"datasetId\": …, \"from\": …, \"to\": …, \"sensor\": …}` or `{\"model\": …, \"sensor\": \"s1\", \"count\": 5000}` (the sensor's latest readings). Per channel: KS (p < 0.05) when the reference has ≤ 1,000 values, else the normed Wasserstein distance (≥ 0.1); PSI for every column; drifted when at least half the columns are (Evidently's defaults).");
        drift.MapGet("/", List).WithSummary("The project's drift reports, newest first; filter with ?versionId=…");
        drift.MapGet("/{reportId:guid}", Get).WithSummary("A drift report with every column's test, statistic, threshold, PSI and histograms");
    }

    private static async Task<Created<DriftReportResponse>> Create(Guid projectId, DriftRequest request, ClaimsPrincipal user,
        ModelCatalog catalog, ModelRegistry registry, DriftService drift, CancellationToken ct)
    {
        var comparison = DriftComparison.Of(request.DatasetId, request.From, request.To, request.Sensor, request.Count);
        var version = await VersionAsync(projectId, request, catalog, registry, ct);
        var report = await drift.CompareAsync(version, comparison, user.UserId(), ct);
        return TypedResults.Created($"/api/projects/{projectId}/drift/{report.Id}", DriftReportResponse.Of(report));
    }

    private static async Task<List<DriftReportResponse>> List(Guid projectId, Guid? versionId, DriftService drift, CancellationToken ct) =>
        [.. (await drift.ListAsync(projectId, versionId, ct)).Select(DriftReportResponse.Of)];

    private static async Task<Results<Ok<DriftReportResponse>, NotFound>> Get(Guid projectId, Guid reportId, DriftService drift, CancellationToken ct) =>
        await drift.FindAsync(projectId, reportId, ct) is { } report ? TypedResults.Ok(DriftReportResponse.Of(report)) : TypedResults.NotFound();

    /// <summary>The version the request names by number or alias; every way of getting it wrong is a 400 naming the field.</summary>
    private static async Task<ModelVersion> VersionAsync(Guid projectId, DriftRequest request, ModelCatalog catalog, ModelRegistry registry,
        CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Model)) throw new InvalidInputException("model: the name of the model whose version to compare with.");
        var model = await catalog.FindAsync(projectId, request.Model.Trim(), ct)
            ?? throw new InvalidInputException($"model: the project has no model '{request.Model}'.");
        if ((request.Version is null) == string.IsNullOrWhiteSpace(request.Alias))
            throw new InvalidInputException("version: give a version number or an alias (not both).");
        if (request.Version is { } number)
            return (await registry.ListAsync(projectId, model.Name, cancellationToken: ct)).FirstOrDefault(v => v.Number == number)
                ?? throw new InvalidInputException($"version: model '{model.Name}' has no version {number}.");
        return await catalog.VersionByAliasAsync(projectId, model.Name, request.Alias!.Trim(), ct)
            ?? throw new InvalidInputException($"alias: model '{model.Name}' has no alias '{request.Alias}'.");
    }
}
