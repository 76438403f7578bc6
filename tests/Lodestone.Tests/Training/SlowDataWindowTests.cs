using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lodestone.Infrastructure;
using Lodestone.Models;

namespace Lodestone.Training;

/// <summary>
/// Slow process data, where two seconds hold fewer samples than a window needs: the window spans the slowest channel's
/// memory, in the start form's suggestion and in a run that sets no window alike. The recording is a pump logged at 1 Hz
/// for about an hour: a noisy pressure that forgets its past in a second or two, and a temperature that cycles every five
/// minutes (autocorrelation cos(2πk/300), below 1/e after 57 s), which asks for 64-sample windows.
/// </summary>
[Collection(AppHostsCollection.Name)]
public sealed class SlowDataWindowTests
{
    private static byte[] PumpAtOneHertz()
    {
        var random = new Random(11);
        var builder = new StringBuilder("timestamp,pressure,temperature,anomaly\n");
        var start = new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        double pressure = 0;
        for (var i = 0; i < 4_000; i++)
        {
            pressure = 0.3 * pressure + random.NextDouble() - 0.5;
            var temperature = 3 * Math.Sin(2 * Math.PI * i / 300) + 0.1 * (random.NextDouble() - 0.5);
            var fault = i is >= 3_000 and < 3_400; // a seven-minute fault, as SKAB's
            builder.Append(CultureInfo.InvariantCulture,
                $"{start.AddSeconds(i):yyyy-MM-ddTHH:mm:ss},{2 + pressure + (fault ? 0.2 : 0):F4},{60 + temperature:F4},{(fault ? 1 : 0)}\n");
        }
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    [Fact]
    public async Task Suggestion_SpansTheSlowestChannelsMemory_AndNamesIt()
    {
        using var app = new LodestoneAppFactory();
        var user = await app.CreateUserAsync();
        var project = await LodestoneAppFactory.CreateProjectAsync(user);
        var dataset = (await LodestoneAppFactory.UploadAsync(user, project, PumpAtOneHertz(), "pump.csv")).Dataset.Id;

        var response = await user.Client.PostAsJsonAsync($"/api/projects/{project}/runs/suggestion",
            new { trainerKind = "isolation-forest", datasetIds = new[] { dataset }, labelChannel = "anomaly" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var window = body.RootElement.GetProperty("config").GetProperty("window");
        Assert.Equal((64, 32), (window.GetProperty("length").GetInt32(), window.GetProperty("stride").GetInt32()));
        var notes = body.RootElement.GetProperty("notes").EnumerateArray().Select(n => n.GetString()!).ToList();
        // The label channel is not an input, so its long fault neither counts as memory nor lengthens a detector's window.
        Assert.Contains(notes, n => n.Contains("slowest channel, 'temperature'") && n.Contains("only evaluates a detector"));
    }

    [Fact]
    public async Task A_run_without_window_settings_gets_the_same_window()
    {
        using var app = new LodestoneAppFactory { Settings = { ["Lodestone:Jobs:FlushInterval"] = "00:00:00.2" } };
        var user = await app.CreateUserAsync();
        var project = await LodestoneAppFactory.CreateProjectAsync(user);
        var dataset = (await LodestoneAppFactory.UploadAsync(user, project, PumpAtOneHertz(), "pump.csv")).Dataset.Id;

        var run = await Models.ModelVersionsApiTests.TrainAsync(user.Client, project,
            new { trainerKind = "isolation-forest", datasetIds = new[] { dataset }, config = new { trees = 20, window = new { channels = new[] { "pressure", "temperature" } } } });

        var version = await Models.ModelVersionsApiTests.Read<ModelVersionResponse>(
            await user.Client.GetAsync($"/api/projects/{project}/models/versions/{run.ModelVersion!.Id}"));
        Assert.Equal((64, 32), (version.Window.Length, version.Window.Stride));
    }
}
