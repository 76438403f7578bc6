using System.Security.Claims;
using System.Text.Json;
using Lodestone.Accounts;
using Lodestone.Projects;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lodestone.Datasets;

public static class DatasetsApi
{
    public static void MapDatasetsApi(this IEndpointRouteBuilder app)
    {
        var datasets = app.MapProjectGroup("/datasets", "Datasets");
        datasets.MapGet("/", List).WithSummary("The project's datasets with their profiles");
        datasets.MapGet("/{datasetId:guid}", Get).WithSummary("A dataset: rows, time range, sampling rate, channel statistics, sensors");
        datasets.MapPost("/", Upload).RequiresRole(ProjectRole.Editor).DisableAntiforgery()
            .WithSummary("Upload a CSV (multipart: 'file', optional 'name' and 'mapping' as JSON)")
            .WithDescription("The magnetometer schema is recognised by its header; any other CSV needs (or gets proposed) a column mapping. " +
                "The import is atomic: on any error nothing is stored and the answer names the line and column.");
        datasets.MapPost("/inspect", Inspect).RequiresRole(ProjectRole.Editor).DisableAntiforgery()
            .WithSummary("Propose a column mapping from the first lines of a CSV (multipart 'file'; 1 MB is plenty)");
        datasets.MapDelete("/{datasetId:guid}", Delete).RequiresRole(ProjectRole.Editor).WithSummary("Delete a dataset and its samples");
        datasets.MapGet("/{datasetId:guid}/series", Series)
            .WithSummary("Samples for a chart: raw when at most 'points' fall in the range, else min/max per bucket over 'points' buckets");
        datasets.MapGet("/{datasetId:guid}/series/by-sensor", SeriesBySensor)
            .WithSummary("Chart samples as one series per sensor ('sensors' picks some, comma-separated), each raw or min/max per bucket as /series");
        datasets.MapGet("/{datasetId:guid}/sensors", SensorStatistics)
            .WithSummary("Each sensor's rows and channel statistics in a dataset of several sensors (empty for one sensor or none)");
        datasets.MapGet("/{datasetId:guid}/field-vector", FieldVector).WithSummary("The field vector (b_x, b_y, b_z) sampled over a range, for a 3D view; 'sensor' keeps one sensor's");
    }

    public sealed record ImportErrorResponse(string File, long? Line, string? Column, string Message);
    public sealed record ImportedResponse(DatasetResponse Dataset, bool Sorted, long DuplicateTimestamps, IReadOnlyList<string> Notes);

    public sealed record DatasetResponse(
        Guid Id, string Name, string Description, DatasetSchema Schema, string Source, long RowCount, DateTime? StartTime, DateTime? EndTime,
        double? SamplingRateHz, long SizeBytes, IReadOnlyList<ChannelProfile> Channels, IReadOnlyList<string> SensorIds, DateTime CreatedAt)
    {
        public static DatasetResponse From(Dataset d) => new(d.Id, d.Name, d.Description, d.Schema, d.Source, d.RowCount, d.StartTime,
            d.EndTime, d.SamplingRateHz, d.SizeBytes, d.Channels, d.SensorIds, d.CreatedAt);
    }

    private static async Task<List<DatasetResponse>> List(Guid projectId, DatasetService datasets, CancellationToken ct) =>
        (await datasets.ListAsync(projectId, ct)).Select(DatasetResponse.From).ToList();

    private static async Task<Results<Ok<DatasetResponse>, NotFound>> Get(Guid projectId, Guid datasetId, DatasetService datasets, CancellationToken ct) =>
        await datasets.FindAsync(projectId, datasetId, ct) is { } d ? TypedResults.Ok(DatasetResponse.From(d)) : TypedResults.NotFound();

    private static async Task<Results<Created<ImportedResponse>, BadRequest<ImportErrorResponse>>> Upload(
        Guid projectId, HttpRequest request, ClaimsPrincipal user, UploadReceiver receiver, DatasetService datasets, CancellationToken ct)
    {
        using var upload = await receiver.ReceiveAsync(request, cancellationToken: ct);
        var mapping = upload.Fields.TryGetValue("mapping", out var json) && !string.IsNullOrWhiteSpace(json) ? ParseMapping(json) : null;
        try
        {
            var (dataset, result) = await datasets.ImportAsync(projectId, upload.Fields.GetValueOrDefault("name") ?? "", upload.FilePath,
                upload.FileName, mapping, user.UserId(), cancellationToken: ct);
            return TypedResults.Created($"/api/projects/{projectId}/datasets/{dataset.Id}",
                new ImportedResponse(DatasetResponse.From(dataset), result.Sorted, result.DuplicateTimestamps, result.Notes));
        }
        catch (ImportException e)
        {
            return TypedResults.BadRequest(new ImportErrorResponse(e.FileName, e.Line, e.Column, e.Message));
        }
    }

    private static async Task<Results<Ok<CsvInspection>, BadRequest<ImportErrorResponse>>> Inspect(HttpRequest request, UploadReceiver receiver, SampleDatabase samples, CancellationToken ct)
    {
        using var upload = await receiver.ReceiveAsync(request, maxBytes: 4 * 1024 * 1024, cancellationToken: ct);
        try
        {
            return TypedResults.Ok(CsvInspector.Inspect(upload.FilePath, upload.FileName, samples.Options.MaxCsvColumns));
        }
        catch (ImportException e)
        {
            return TypedResults.BadRequest(new ImportErrorResponse(e.FileName, e.Line, e.Column, e.Message));
        }
    }

    private static async Task<Results<NoContent, NotFound>> Delete(Guid projectId, Guid datasetId, DatasetService datasets, CancellationToken ct) =>
        await datasets.DeleteAsync(projectId, datasetId, ct) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static async Task<Results<Ok<Series>, NotFound>> Series(Guid projectId, Guid datasetId, string? channels, DateTime? from, DateTime? to,
        int? points, string? sensor, DatasetService datasets, SampleStore store, CancellationToken ct)
    {
        var dataset = await datasets.FindAsync(projectId, datasetId, ct);
        if (dataset is null) return TypedResults.NotFound();
        var names = ChannelsOf(dataset, channels);
        return TypedResults.Ok(store.Query(projectId, datasetId, names, from?.ToUniversalTime(), to?.ToUniversalTime(), Math.Clamp(points ?? 2000, 1, 20_000), sensor));
    }

    private static async Task<Results<Ok<IReadOnlyList<Series>>, NotFound>> SeriesBySensor(Guid projectId, Guid datasetId, string? channels, DateTime? from,
        DateTime? to, int? points, string? sensors, DatasetService datasets, SampleStore store, CancellationToken ct)
    {
        var dataset = await datasets.FindAsync(projectId, datasetId, ct);
        if (dataset is null) return TypedResults.NotFound();
        var names = ChannelsOf(dataset, channels);
        var chosen = string.IsNullOrWhiteSpace(sensors) ? null : sensors.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var unknown = (chosen ?? []).Except(dataset.SensorIds).ToList();
        if (unknown.Count > 0) throw new InvalidInputException($"No sensor {string.Join(", ", unknown.Select(u => $"'{u}'"))} in this dataset; it has {string.Join(", ", dataset.SensorIds)}.");
        return TypedResults.Ok(store.QueryBySensor(projectId, datasetId, names, from?.ToUniversalTime(), to?.ToUniversalTime(), Math.Clamp(points ?? 2000, 1, 20_000), chosen));
    }

    private static async Task<Results<Ok<IReadOnlyList<SensorProfile>>, NotFound>> SensorStatistics(Guid projectId, Guid datasetId, DatasetService datasets,
        SampleStore store, CancellationToken ct) =>
        await datasets.FindAsync(projectId, datasetId, ct) is null ? TypedResults.NotFound() : TypedResults.Ok(store.SensorProfiles(projectId, datasetId));

    private static List<string> ChannelsOf(Dataset dataset, string? channels)
    {
        var names = string.IsNullOrWhiteSpace(channels) ? dataset.ChannelNames.ToList() : channels.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
        var unknown = names.Except(dataset.ChannelNames).ToList();
        if (unknown.Count > 0) throw new InvalidInputException($"No channel {string.Join(", ", unknown.Select(u => $"'{u}'"))} in this dataset; it has {string.Join(", ", dataset.ChannelNames)}.");
        return names;
    }

    private static async Task<Results<Ok<FieldVectorSample>, NotFound>> FieldVector(Guid projectId, Guid datasetId, DateTime? from, DateTime? to, int? points,
        string? sensor, DatasetService datasets, SampleStore store, CancellationToken ct)
    {
        var dataset = await datasets.FindAsync(projectId, datasetId, ct);
        if (dataset is null) return TypedResults.NotFound();
        if (dataset.Schema != DatasetSchema.Magnetometer) throw new InvalidInputException("The field vector needs a magnetometer dataset (b_x, b_y, b_z).");
        if (sensor is not null && !dataset.SensorIds.Contains(sensor)) throw new InvalidInputException($"No sensor '{sensor}' in this dataset; it has {string.Join(", ", dataset.SensorIds)}.");
        return TypedResults.Ok(store.SampleFieldVector(projectId, datasetId, from?.ToUniversalTime(), to?.ToUniversalTime(), Math.Clamp(points ?? 5000, 1, 50_000), sensor));
    }

    private static CsvMapping ParseMapping(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<CsvMapping>(json, JsonSerializerOptions.Web)
                ?? throw new InvalidInputException("The mapping is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"The mapping is not valid JSON: {e.Message}");
        }
    }
}
