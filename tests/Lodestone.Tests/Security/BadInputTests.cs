using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lodestone.Infrastructure;

namespace Lodestone.Security;

/// <summary>Bad input that used to answer a bare 500 (or was stored): each now gets a 4xx that names the problem.</summary>
public sealed class BadInputTests : IClassFixture<LodestoneAppFactory>
{
    private readonly LodestoneAppFactory _app;

    public BadInputTests(LodestoneAppFactory app) => _app = app;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Readings_MalformedJson_Answers400NamingWhereItBreaks()
    {
        var (user, project) = await ProjectAsync();

        var response = await user.Client.PostAsync($"/api/projects/{project}/readings", Json("{\"sensorId\":\"s\",\n\"timestamp\":"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not valid JSON at line 2", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Readings_ANumberBeyondDoublesRange_Answers400NamingTheChannel()
    {
        var (user, project) = await ProjectAsync();

        var response = await user.Client.PostAsync($"/api/projects/{project}/readings",
            Json("""{"sensorId":"s","timestamp":"2026-05-01T08:00:00Z","values":{"b_x":1e400}}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<Sensors.SensorsApi.ReadingError>();
        Assert.Equal(("b_x", 0), (error!.Field, error.Index));
    }

    [Theory]
    [InlineData("""{"kind":"Magnetometer","latitude":"NaN"}""", "latitude")]
    [InlineData("""{"kind":"Magnetometer","latitude":90.5}""", "latitude")]
    [InlineData("""{"kind":"Magnetometer","longitude":-180.01}""", "longitude")]
    [InlineData("""{"kind":"Magnetometer","longitude":"Infinity"}""", "longitude")]
    public async Task SaveSensor_ACoordinateOutOfRangeOrNotFinite_Answers400AndStoresNothing(string body, string field)
    {
        var (user, project) = await ProjectAsync();

        var response = await user.Client.PutAsync($"/api/projects/{project}/sensors/mag-1", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await response.Content.ReadAsStringAsync());
        Assert.Empty((await user.Client.GetFromJsonAsync<List<Sensors.SensorsApi.SensorResponse>>($"/api/projects/{project}/sensors"))!);
    }

    [Fact]
    public async Task SaveSensor_AHugeNumberForAnEnum_Answers400NamingTheField()
    {
        var (user, project) = await ProjectAsync();

        var response = await user.Client.PutAsync($"/api/projects/{project}/sensors/mag-1", Json("""{"kind":99999999999999999999}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("$.kind", body);
        Assert.DoesNotContain("   at ", body);
    }

    [Theory]
    [InlineData("afile/child", "'afile' is a file")]
    [InlineData("folder", "is a folder")]
    [InlineData("LONG", "at most 200 bytes")]
    public async Task MlflowArtifactUpload_ToAPathTheFileSystemCannotHold_Answers400NamingTheProblem(string path, string problem)
    {
        var (user, project) = await ProjectAsync();
        var run = await MlflowRunAsync(user, project);
        var root = $"/api/2.0/mlflow-artifacts/artifacts/{project:N}/{run}/artifacts";
        (await user.Client.PutAsync($"{root}/afile", new ByteArrayContent("x"u8.ToArray()))).EnsureSuccessStatusCode();
        (await user.Client.PutAsync($"{root}/folder/inside", new ByteArrayContent("x"u8.ToArray()))).EnsureSuccessStatusCode();

        var response = await user.Client.PutAsync($"{root}/{path.Replace("LONG", new string('a', 300), StringComparison.Ordinal)}", new ByteArrayContent("y"u8.ToArray()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("INVALID_PARAMETER_VALUE", error.GetProperty("error_code").GetString());
        Assert.Contains(problem, error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task RunArtifactUpload_UnderAFile_Answers400NamingIt()
    {
        var (user, project) = await ProjectAsync();
        var run = await MlflowRunAsync(user, project);
        var root = $"/api/projects/{project}/runs/{Guid.Parse(run)}/artifacts";
        Assert.Equal(HttpStatusCode.NoContent, (await user.Client.PutAsync($"{root}/afile", new ByteArrayContent("x"u8.ToArray()))).StatusCode);

        var response = await user.Client.PutAsync($"{root}/afile/child", new ByteArrayContent("y"u8.ToArray()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'afile' is a file", await response.Content.ReadAsStringAsync());
    }

    private async Task<(TestUser User, Guid Project)> ProjectAsync()
    {
        var user = await _app.CreateUserAsync();
        return (user, await LodestoneAppFactory.CreateProjectAsync(user));
    }

    private static async Task<string> MlflowRunAsync(TestUser user, Guid project)
    {
        var created = await user.Client.PostAsync("/api/2.0/mlflow/runs/create", Json($$"""{"experiment_id":"{{project:N}}","run_name":"r"}"""));
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("run").GetProperty("info").GetProperty("run_id").GetString()!;
    }
}
