using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Lodestone.Security;

/// <summary>
/// Requests that a careless or hostile client sends: broken JSON, every field of a body with a wrong type, huge and
/// non-finite numbers, deep nesting, bodies over the limit, path and query values that are too long or escape.
/// </summary>
internal static class HostileInput
{
    public sealed record Subjects(Guid Project, Guid Dataset, Guid Run, string Sensor);

    private static readonly string Long = new('a', 300);

    /// <summary>Raw JSON values to put where a field's proper value belongs.</summary>
    private static readonly string[] Values =
    [
        "\"x\"", "1e400", "\"NaN\"", "\"-Infinity\"", "99999999999999999999999", "-1", "null", "[]", "{}",
        $"\"{Long}\"", "\"2026-13-45T99:00:00Z\"",
    ];

    /// <summary>Whole bodies that are wrong whatever the route expects.</summary>
    private static IEnumerable<string> Bodies(int maxBodyBytes)
    {
        yield return "{";
        yield return "{\"a\":";
        yield return "[1,2,";
        yield return "not json";
        yield return "null";
        yield return "[]";
        yield return "[null]";
        yield return "\"x\"";
        yield return "1e400";
        yield return "{}";
        yield return new string('[', 5000) + new string(']', 5000);
        yield return string.Concat(Enumerable.Repeat("{\"a\":", 5000)) + "1" + new string('}', 5000);
        yield return "{\"a\":\"" + new string('x', maxBodyBytes * 2) + "\"}";
    }

    private static readonly string[] PathValues = [Long, "a%01b", "..%2F..%2Fetc", "%E2%80%AE%20", "x%2Fy"];
    private static readonly string[] QueryValues = ["x", "1e400", "NaN", "-1", "99999999999999999999", Long, "", "2026-13-45"];

    public static IEnumerable<HttpRequestMessage> Requests(string method, string pattern, JsonNode operation, JsonNode document, Subjects ids)
    {
        var path = Fill(pattern, method, ids, null, null);
        var hasBody = method is "POST" or "PUT" or "PATCH";
        foreach (var name in Regex.Matches(pattern, @"\{([a-zA-Z]+)\}").Select(m => m.Groups[1].Value).Where(n => !n.EndsWith("Id", StringComparison.Ordinal)))
            foreach (var value in PathValues)
                yield return Json(method, Fill(pattern, method, ids, name, value), hasBody ? "{}" : null);

        foreach (var parameter in operation["parameters"]?.AsArray() ?? [])
        {
            if (parameter?["in"]?.GetValue<string>() != "query") continue;
            var name = parameter["name"]!.GetValue<string>();
            foreach (var value in QueryValues)
                yield return Json(method, $"{path}?{name}={Uri.EscapeDataString(value)}", hasBody ? "{}" : null);
        }
        if (!hasBody) yield break;

        foreach (var body in Bodies(HostileInputWalkTests.WalkAppFactory.MaxBodyBytes))
            yield return Json(method, path, body);
        yield return Raw(method, path, "timestamp,sensor_id,b_x\n2026-05-01T08:00:00Z,s,1e400\n\"unclosed", "text/csv");
        var content = operation["requestBody"]?["content"];
        if (content?["multipart/form-data"] is not null)
            foreach (var form in Multipart(HostileInputWalkTests.WalkAppFactory.MaxBodyBytes))
                yield return new HttpRequestMessage(new HttpMethod(method), path) { Content = form };
        if (content?["application/json"]?["schema"] is { } schema)
        {
            var fields = Properties(Resolve(schema, document), document);
            foreach (var (field, _) in fields)
                foreach (var value in Values)
                    yield return Json(method, path, Object(fields, field, value));
        }
    }

    /// <summary>MLflow's handlers read their bodies by hand, so they get the fields MLflow clients send, each made hostile.</summary>
    public static IEnumerable<HttpRequestMessage> MlflowRequests(string method, string pattern, Subjects ids)
    {
        var artifactRoot = $"{ids.Project:N}/{ids.Run:N}/artifacts";
        var artifactPaths = new[] { $"{artifactRoot}/afile/child", $"{artifactRoot}/{Long}", $"{artifactRoot}/{Long}/b", $"{artifactRoot}/a%01b",
            $"{artifactRoot}/..%2F..%2Fx", $"{artifactRoot}/", "x", $"{ids.Project:N}/x/artifacts/f", $"{Long}/{Long}/artifacts/f" };
        if (pattern.Contains("{**path}", StringComparison.Ordinal))
        {
            foreach (var artifact in artifactPaths)
                yield return Raw(method, pattern.Replace("{**path}", artifact, StringComparison.Ordinal), method == "PUT" ? "bytes" : null, "application/octet-stream");
            if (method == "PUT")
                yield return Raw(method, pattern.Replace("{**path}", $"{artifactRoot}/big", StringComparison.Ordinal),
                    new string('x', HostileInputWalkTests.WalkAppFactory.MaxBodyBytes * 8), "application/octet-stream");
            yield break;
        }
        // A run that the walk neither deletes nor restores, so the other routes keep finding it.
        var run = pattern.EndsWith("/delete", StringComparison.Ordinal) || pattern.EndsWith("/restore", StringComparison.Ordinal) ? Guid.NewGuid() : ids.Run;
        var fields = new List<(string, string)>
        {
            ("run_id", $"\"{run:N}\""), ("experiment_id", $"\"{ids.Project:N}\""), ("key", "\"k\""), ("value", "\"1\""), ("timestamp", "1"),
            ("step", "1"), ("start_time", "1"), ("end_time", "1"), ("status", "\"RUNNING\""), ("max_results", "1"), ("name", "\"n\""),
            ("metrics", "[{\"key\":\"m\",\"value\":1,\"timestamp\":1,\"step\":1}]"), ("path", "\"afile\""), ("experiment_ids", $"[\"{ids.Project:N}\"]"),
        };
        var mirror = pattern.StartsWith("/ajax-api", StringComparison.Ordinal);
        if (method == "GET")
        {
            foreach (var (field, value) in fields)
                foreach (var hostile in mirror ? QueryValues.Take(2) : QueryValues)
                    yield return Json(method, $"{pattern}?{Query(fields, field)}&{field}={Uri.EscapeDataString(hostile)}", null);
            foreach (var artifact in artifactPaths)
                yield return Json(method, $"{pattern}?run_id={ids.Run:N}&path={Uri.EscapeDataString(artifact)}", null);
            yield break;
        }
        foreach (var body in Bodies(HostileInputWalkTests.WalkAppFactory.MaxBodyBytes))
            yield return Json(method, pattern, body);
        if (mirror) yield break; // the same handlers as under /api/2.0
        foreach (var (field, _) in fields)
            foreach (var value in Values)
                yield return Json(method, pattern, Object(fields, field, value));
        foreach (var value in Values)
            yield return Json(method, pattern, Object(fields, "metrics", $"[{{\"key\":\"m\",\"value\":{value},\"timestamp\":{value},\"step\":{value}}}]"));
    }

    private static string Query(List<(string Name, string Json)> fields, string except) =>
        string.Join("&", fields.Where(f => f.Name != except && !f.Json.StartsWith('[')).Select(f => $"{f.Name}={Uri.EscapeDataString(f.Json.Trim('"'))}"));

    private static IEnumerable<MultipartFormDataContent> Multipart(int maxBodyBytes)
    {
        var hugeName = new MultipartFormDataContent { { new StringContent(new string('n', maxBodyBytes * 2)), "name" } };
        hugeName.Add(new ByteArrayContent("timestamp,b_x\n2026-05-01T08:00:00Z,1\n"u8.ToArray()), "file", "a.csv");
        yield return hugeName;
        var hugeFile = new MultipartFormDataContent { { new ByteArrayContent(new byte[maxBodyBytes * 8]), "file", "big.csv" } };
        yield return hugeFile;
        yield return new MultipartFormDataContent { { new StringContent("{"), "mapping" }, { new ByteArrayContent("a,b\n1,2\n"u8.ToArray()), "file", "a.csv" } };
        yield return new MultipartFormDataContent { { new StringContent("x"), "name" } };
    }

    /// <summary>The route with ids of the walk's subjects; a DELETE gets unknown ids, so that the subjects stay.</summary>
    private static string Fill(string pattern, string method, Subjects ids, string? hostileName, string? hostileValue) =>
        Regex.Replace(pattern, @"\{([a-zA-Z]+)\}", m => m.Groups[1].Value == hostileName ? hostileValue! : m.Groups[1].Value switch
        {
            "projectId" => ids.Project.ToString(),
            _ when method == "DELETE" && m.Groups[1].Value.EndsWith("Id", StringComparison.Ordinal) => Guid.NewGuid().ToString(),
            "datasetId" => ids.Dataset.ToString(),
            "runId" => ids.Run.ToString(),
            "name" => ids.Sensor,
            "kind" => "isolation-forest",
            "number" => "1",
            "path" => "afile",
            var other when other.EndsWith("Id", StringComparison.Ordinal) => Guid.NewGuid().ToString(),
            _ => "x",
        });

    private static HttpRequestMessage Json(string method, string path, string? body) => Raw(method, path, body, "application/json");

    private static HttpRequestMessage Raw(string method, string path, string? body, string contentType)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }
        return request;
    }

    private static string Object(List<(string Name, string Json)> fields, string hostileField, string hostileValue) =>
        "{" + string.Join(",", fields.Select(f => $"\"{f.Name}\":{(f.Name == hostileField ? hostileValue : f.Json)}")) + "}";

    private static JsonNode Resolve(JsonNode schema, JsonNode document)
    {
        for (var depth = 0; depth < 10 && schema["$ref"]?.GetValue<string>() is { } reference; depth++)
            schema = document["components"]!["schemas"]![reference.Split('/').Last()]!;
        return schema;
    }

    /// <summary>The body's fields, each with a plausible value, so that one hostile field at a time reaches the handler.</summary>
    private static List<(string Name, string Json)> Properties(JsonNode schema, JsonNode document) =>
        (schema["properties"]?.AsObject() ?? []).Select(p => (p.Key, Plausible(Resolve(p.Value!, document), document))).ToList();

    private static string Plausible(JsonNode schema, JsonNode document)
    {
        if (schema["enum"]?.AsArray().FirstOrDefault(e => e is not null) is { } first) return first.ToJsonString();
        var types = schema["type"] switch
        {
            JsonArray array => array.Select(t => t!.GetValue<string>()).ToList(),
            JsonValue value => [value.GetValue<string>()],
            _ => (schema["oneOf"] ?? schema["anyOf"]) is { } options
                ? [.. options.AsArray().Select(o => Resolve(o!, document)["type"]?.ToString() ?? "object")]
                : ["object"],
        };
        var format = schema["format"]?.GetValue<string>();
        if (types.Contains("string"))
            return format switch { "date-time" => "\"2026-05-01T08:00:00Z\"", "uuid" => $"\"{Guid.NewGuid()}\"", _ => "\"x\"" };
        if (types.Contains("integer") || types.Contains("number")) return "1";
        if (types.Contains("boolean")) return "true";
        if (types.Contains("array")) return "[]";
        return "{}";
    }
}
