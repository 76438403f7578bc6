using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lodestone.Mlflow;

/// <summary>MLflow's JSON: snake_case; protobuf clients send 64-bit numbers as strings and may send "NaN".</summary>
internal static class MlflowJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>
    /// The largest request body: MLflow's largest call, a full log-batch (1,000 metrics, 100 params of 6,000 and 100
    /// tags of 8,000 characters), is under 2 MB as JSON.
    /// </summary>
    public const long MaxBodyBytes = 16 * 1024 * 1024;

    public static IResult Ok(object body) => Results.Json(body, Options);

    public static IResult Empty() => Results.Json(new { }, Options);

    public static IResult Error(string code, string message, int status) =>
        Results.Json(new { error_code = code, message }, Options, statusCode: status);

    /// <summary>Reads the request body (JSON), or for GET the query string, into <typeparamref name="T"/>.</summary>
    public static async Task<T> ReadAsync<T>(HttpRequest request) where T : class
    {
        try
        {
            if (HttpMethods.IsGet(request.Method))
            {
                var fields = request.Query.ToDictionary(q => q.Key, q => q.Value.Count > 1 ? (object?)q.Value.ToArray() : ListOrValue<T>(q.Key, q.Value.ToString()));
                return JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(fields), Options) ?? throw MlflowException.InvalidParameter("Empty request.");
            }
            if (request.ContentLength == 0) return JsonSerializer.Deserialize<T>("{}", Options)!;
            if (request.ContentLength > MaxBodyBytes) throw TooLarge();
            if (request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
                limit.MaxRequestBodySize = MaxBodyBytes;
            return await JsonSerializer.DeserializeAsync<T>(request.Body, Options, request.HttpContext.RequestAborted)
                ?? throw MlflowException.InvalidParameter("Empty request.");
        }
        catch (JsonException e)
        {
            throw MlflowException.InvalidParameter($"Malformed request: {e.Message}");
        }
        catch (BadHttpRequestException e)
        {
            throw e.StatusCode == StatusCodes.Status413PayloadTooLarge ? TooLarge() : MlflowException.InvalidParameter($"Malformed request: {e.Message}");
        }
    }

    private static MlflowException TooLarge() =>
        new("REQUEST_LIMIT_EXCEEDED", $"The request body is larger than {MaxBodyBytes / (1024 * 1024)} MB.", StatusCodes.Status413PayloadTooLarge);

    // A query parameter given once but declared as a list (experiment_ids, order_by) still arrives as a list.
    private static object ListOrValue<T>(string key, string value)
    {
        var property = typeof(T).GetProperties().FirstOrDefault(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name) == key);
        return property?.PropertyType == typeof(List<string>) ? new[] { value } : value;
    }
}
