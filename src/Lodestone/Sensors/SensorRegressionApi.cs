using Lodestone.Projects;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lodestone.Sensors;

/// <summary>
/// A sensor's calibration records, and its two predictions: the next drift and corrected values. Each prediction comes
/// from the sensor's newest trained model of its kind, or from the fallback, and says which in <c>source</c>/<c>fallback</c>.
/// </summary>
public static class SensorRegressionApi
{
    public static void MapSensorRegressionApi(this IEndpointRouteBuilder app)
    {
        var sensors = app.MapProjectGroup("/sensors", "Sensors");
        sensors.MapGet("/{name}/calibrations", List).WithSummary("A sensor's calibration records, oldest first");
        sensors.MapPost("/{name}/calibrations", Add).RequiresRole(ProjectRole.Editor)
            .WithSummary("Record a calibration: the reference value at a time, and the raw reading before it")
            .WithDescription("`{\"time\":\"2026-05-01T08:00:00Z\",\"reference\":20.0,\"raw\":20.7}`; without `raw`, give `channel` and the sensor's latest reading of it in the hour before is used.");
        sensors.MapGet("/{name}/drift", Drift)
            .WithSummary("The sensor's next drift in % of its baseline (?channel=), from its drift model or a fallback");
        sensors.MapPost("/{name}/calibrate", Calibrate)
            .WithSummary("Raw values → corrected values, by the sensor's calibration model or a fallback")
            .WithDescription("`{\"values\":[20.1, 20.4]}`");
    }

    public sealed record CalibrationRequest(DateTime Time, double Reference, double? Raw, string? Channel);
    public sealed record CalibrationResponse(Guid Id, DateTime Time, double Reference, double? Raw, DateTime CreatedAt)
    {
        public static CalibrationResponse From(CalibrationRecord r) => new(r.Id, r.Time, r.Reference, r.Raw, r.CreatedAt);
    }
    public sealed record CalibrateRequest(IReadOnlyList<double>? Values);

    private static async Task<Results<Ok<List<CalibrationResponse>>, NotFound>> List(Guid projectId, string name,
        SensorRegressionService sensors, CancellationToken ct) =>
        await sensors.CalibrationsAsync(projectId, name, ct) is { } records
            ? TypedResults.Ok(records.Select(CalibrationResponse.From).ToList())
            : TypedResults.NotFound();

    private static async Task<Results<Created<CalibrationResponse>, NotFound>> Add(Guid projectId, string name, CalibrationRequest request,
        SensorRegressionService sensors, CancellationToken ct)
    {
        if (request.Time == default) throw new InvalidInputException("A calibration needs its time.");
        var record = await sensors.AddCalibrationAsync(projectId, name, request.Time, request.Reference, request.Raw, request.Channel, ct);
        return record is null
            ? TypedResults.NotFound()
            : TypedResults.Created($"/api/projects/{projectId}/sensors/{Uri.EscapeDataString(name)}/calibrations", CalibrationResponse.From(record));
    }

    private static async Task<Results<Ok<DriftForecast>, NotFound>> Drift(Guid projectId, string name, string? channel,
        SensorRegressionService sensors, CancellationToken ct) =>
        await sensors.DriftAsync(projectId, name, channel, ct) is { } forecast ? TypedResults.Ok(forecast) : TypedResults.NotFound();

    private static async Task<Results<Ok<CalibrationResult>, NotFound>> Calibrate(Guid projectId, string name, CalibrateRequest request,
        SensorRegressionService sensors, CancellationToken ct) =>
        await sensors.CalibrateAsync(projectId, name, request.Values ?? [], ct) is { } result ? TypedResults.Ok(result) : TypedResults.NotFound();
}
