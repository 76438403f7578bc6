using System.Net;
using System.Text;
using System.Text.Json;

namespace Lodestone.Mlflow;

/// <summary>
/// Requests as MLflow's Python client sends them (<c>mlflow/utils/rest_utils.py</c>): JSON bodies for POST, PATCH and
/// DELETE, query strings for GET, under <c>/api/2.0/mlflow</c>; and the artifact proxy's PUT and GET.
/// </summary>
internal sealed class MlflowWire(HttpClient client)
{
    public const string Api = "/api/2.0/mlflow";

    public HttpClient Client => client;

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json = null)
    {
        var request = new HttpRequestMessage(method, Api + path);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        return client.SendAsync(request);
    }

    public async Task<JsonElement> OkAsync(HttpMethod method, string path, string? json = null) => await Ok(await SendAsync(method, path, json));

    public Task<JsonElement> PostAsync(string path, string json) => OkAsync(HttpMethod.Post, path, json);

    public Task<JsonElement> GetAsync(string pathAndQuery) => OkAsync(HttpMethod.Get, pathAndQuery);

    /// <summary>The error body of a refused request, checked to have the status.</summary>
    public async Task<string> ErrorAsync(HttpStatusCode status, HttpMethod method, string path, string? json = null)
    {
        var response = await SendAsync(method, path, json);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode} {path}: {text}");
        var body = JsonDocument.Parse(text).RootElement;
        Assert.False(string.IsNullOrEmpty(body.GetProperty("message").GetString()));
        return body.GetProperty("error_code").GetString()!;
    }

    public static async Task<JsonElement> Ok(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>mlflow.set_experiment + start_run: an experiment and a running run in it.</summary>
    public async Task<(string Experiment, string Run, string ArtifactUri)> RunAsync(string experimentName)
    {
        var experiment = (await PostAsync("/experiments/create", $$"""{"name": "{{experimentName}}"}""")).GetProperty("experiment_id").GetString()!;
        var run = (await PostAsync("/runs/create", $$"""
            {"experiment_id": "{{experiment}}", "start_time": "{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}}", "tags": [{"key": "mlflow.user", "value": "py"}]}
            """)).GetProperty("run").GetProperty("info");
        return (experiment, run.GetProperty("run_id").GetString()!, run.GetProperty("artifact_uri").GetString()!);
    }

    /// <summary>The artifact repository's upload of one file under an <c>mlflow-artifacts:/</c> URI.</summary>
    public async Task UploadAsync(string artifactUri, string file, byte[] content)
    {
        var response = await client.PutAsync($"/api/2.0/mlflow-artifacts/artifacts/{artifactUri["mlflow-artifacts:/".Length..]}/{file}", new ByteArrayContent(content));
        await Ok(response);
    }

    public async Task<byte[]> DownloadAsync(string artifactUri, string file)
    {
        var response = await client.GetAsync($"/api/2.0/mlflow-artifacts/artifacts/{artifactUri["mlflow-artifacts:/".Length..]}/{file}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    public static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}
