using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Lodestone.Accounts;
using Lodestone.Datasets;
using Lodestone.Hosting;
using Lodestone.Projects;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Lodestone.Sensors;

public static class SensorsApi
{
    public static void MapSensorsApi(this IEndpointRouteBuilder app)
    {
        var sensors = app.MapProjectGroup("/sensors", "Sensors");
        sensors.MapGet("/", List).WithSummary("The project's sensors: kind, unit, status, location, last reading");
        sensors.MapPut("/{name}", Save).RequiresRole(ProjectRole.Editor).WithSummary("Register a sensor or update it");
        sensors.MapGet("/{name}/readings", Readings).WithSummary("A sensor's readings in [from, to), staged and sealed alike");
        sensors.MapPost("/{name}/datasets", Cut).RequiresRole(ProjectRole.Editor).WithSummary("Cut a dataset from a sensor's readings over a time range");

        var readings = app.MapProjectGroup("/readings", "Sensors");
        readings.MapPost("/", Push).RequiresRole(ProjectRole.Editor).DisableAntiforgery()
            .WithSummary("Push readings: one JSON object, a JSON array, or CSV (text/csv: timestamp,sensor_id,channel…)")
            .WithDescription("JSON: {\"sensorId\":\"mag-01\",\"timestamp\":\"2026-03-01T12:00:00Z\",\"values\":{\"b_x\":20012.5}}. " +
                "A batch is stored durably and all-or-nothing; an invalid reading is named by its index (or CSV line) and field.");
    }

    /// <param name="Status">The stored status (set on registration, online once readings came, or by monitoring).</param>
    /// <param name="Condition">What the readings say now: no data yet, online, or silent since the last one (see <see cref="SensorOptions"/>).</param>
    public sealed record SensorResponse(Guid Id, string Name, SensorKind Kind, string Unit, SensorStatus Status, string Location,
        double? Latitude, double? Longitude, DateTime? LastReadingAt, long ReadingCount, SensorCondition Condition)
    {
        public static SensorResponse From(Sensor s, DateTime now, TimeSpan silentAfter) =>
            new(s.Id, s.Name, s.Kind, s.Unit, s.Status, s.Location, s.Latitude, s.Longitude, s.LastReadingAt, s.ReadingCount, s.ConditionAt(now, silentAfter));
    }

    public sealed record SaveSensorRequest(SensorKind Kind, string? Unit, string? Location, double? Latitude, double? Longitude, SensorStatus? Status);
    public sealed record PushedResponse(int Stored);
    public sealed record ReadingError(int Index, string Field, string Message);
    public sealed record CutRequest(DateTime From, DateTime To, string? Name);

    private static async Task<List<SensorResponse>> List(Guid projectId, SensorService sensors, TimeProvider clock, IOptions<SensorOptions> options,
        CancellationToken ct) =>
        (await sensors.ListAsync(projectId, ct)).Select(s => SensorResponse.From(s, clock.GetUtcNow().UtcDateTime, options.Value.SilentAfter)).ToList();

    private static async Task<Ok<SensorResponse>> Save(Guid projectId, string name, SaveSensorRequest request, SensorService sensors, TimeProvider clock,
        IOptions<SensorOptions> options, CancellationToken ct) =>
        TypedResults.Ok(SensorResponse.From(await sensors.SaveAsync(projectId,
            new SensorDraft(name, request.Kind, request.Unit, request.Location, request.Latitude, request.Longitude, request.Status), ct),
            clock.GetUtcNow().UtcDateTime, options.Value.SilentAfter));

    private static Ok<IReadOnlyList<Reading>> Readings(Guid projectId, string name, DateTime from, DateTime to, ReadingStore store) =>
        TypedResults.Ok(store.Query(projectId, name, from.ToUniversalTime(), to.ToUniversalTime()));

    private static async Task<Created<DatasetsApi.DatasetResponse>> Cut(Guid projectId, string name, CutRequest request, ClaimsPrincipal user,
        SensorService sensors, CancellationToken ct)
    {
        var dataset = await sensors.CutDatasetAsync(projectId, name, request.From.ToUniversalTime(), request.To.ToUniversalTime(), request.Name, user.UserId(), ct);
        return TypedResults.Created($"/api/projects/{projectId}/datasets/{dataset.Id}", DatasetsApi.DatasetResponse.From(dataset));
    }

    private static async Task<Results<Ok<PushedResponse>, BadRequest<ReadingError>>> Push(Guid projectId, HttpRequest request, SensorService sensors, CancellationToken ct)
    {
        IReadOnlyList<Reading> batch;
        var body = RequestBody.Limit(request, ReadingsCsv.MaxBytes);
        try
        {
            batch = request.ContentType?.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) == true
                ? await ReadingsCsv.ReadAsync(body, ct)
                : await ReadJsonAsync(body, ct);
        }
        catch (ReadingValidationException e)
        {
            return TypedResults.BadRequest(new ReadingError(e.Index, e.Field, e.Message));
        }
        try
        {
            return TypedResults.Ok(new PushedResponse(await sensors.RecordAsync(projectId, batch, ct)));
        }
        catch (ReadingValidationException e)
        {
            return TypedResults.BadRequest(new ReadingError(e.Index, e.Field, e.Message));
        }
    }

    private static async Task<IReadOnlyList<Reading>> ReadJsonAsync(Stream body, CancellationToken ct)
    {
        using var document = await ParseAsync(body, ct);
        var root = document.RootElement;
        return root.ValueKind switch
        {
            JsonValueKind.Array => root.EnumerateArray().Select((r, i) => ParseReading(r, i)).ToList(),
            JsonValueKind.Object => [ParseReading(root, 0)],
            _ => throw new InvalidInputException("Send a reading object or an array of them."),
        };
    }

    private static async Task<JsonDocument> ParseAsync(Stream body, CancellationToken ct)
    {
        try
        {
            return await JsonDocument.ParseAsync(body, cancellationToken: ct);
        }
        catch (JsonException e)
        {
            throw new ReadingValidationException(0, "body", $"not valid JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}");
        }
    }

    private static Reading ParseReading(JsonElement element, int index)
    {
        if (element.ValueKind != JsonValueKind.Object) throw new ReadingValidationException(index, "reading", "is not an object");
        string? sensor = element.TryGetProperty("sensorId", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        if (sensor is null) throw new ReadingValidationException(index, "sensorId", "is missing");
        if (!element.TryGetProperty("timestamp", out var t) || t.ValueKind != JsonValueKind.String ||
            !DateTime.TryParse(t.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var timestamp))
            throw new ReadingValidationException(index, "timestamp", "is missing or not an ISO 8601 time");
        if (!element.TryGetProperty("values", out var v) || v.ValueKind != JsonValueKind.Object)
            throw new ReadingValidationException(index, "values", "is missing (an object of channel: number)");
        var values = new Dictionary<string, double>();
        foreach (var property in v.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.Number)
                throw new ReadingValidationException(index, property.Name, "is not a number");
            // A number beyond double's range (1e400) does not convert; it is refused like NaN.
            if (!property.Value.TryGetDouble(out var value) || !double.IsFinite(value))
                throw new ReadingValidationException(index, property.Name, $"{property.Value.GetRawText()} is not a finite number");
            values[property.Name] = value;
        }
        return new Reading(sensor, timestamp, values);
    }
}
