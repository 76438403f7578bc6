using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using Lodestone.Infrastructure;
using Lodestone.Models;
using Lodestone.Trainers.Classification;

namespace Lodestone.Deployments;

/// <summary>
/// One app with a project in which two LightGBM versions of model <c>fan</c> (v1 and v2, boosted for different numbers of
/// rounds so that their scores differ) and an isolation-forest version were really trained on an uploaded recording.
/// Training takes a while, so a test class shares it (a class fixture, its classes in the app hosts' collection, one
/// after another); each test deploys under names of its own.
/// </summary>
public sealed class ServedModelsFixture : IAsyncLifetime
{
    public const string Model = "fan";
    public const string Detector = "fan-detector";
    public static readonly string[] Channels = ["b_x", "b_y", "b_z"];
    public const int Length = 20;

    public LodestoneAppFactory App { get; } = new() { Settings = { ["Lodestone:Jobs:FlushInterval"] = "00:00:00.2" } };
    public TestUser Owner { get; private set; } = null!;
    public Guid Project { get; private set; }
    public ModelVersionResponse V1 { get; private set; } = null!;
    public ModelVersionResponse V2 { get; private set; } = null!;
    public ModelVersionResponse Forest { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Owner = await App.CreateUserAsync();
        Project = await LodestoneAppFactory.CreateProjectAsync(Owner);
        var dataset = (await LodestoneAppFactory.UploadAsync(Owner, Project, Recording(900, seed: 11), "fan.csv")).Dataset.Id;
        var window = new { length = Length, stride = Length, labelChannel = "fault" };
        V1 = await TrainAsync(new { trainerKind = LightGbmTrainer.KindName, datasetIds = new[] { dataset }, config = new { iterations = 5, window, modelName = Model } });
        V2 = await TrainAsync(new { trainerKind = LightGbmTrainer.KindName, datasetIds = new[] { dataset }, config = new { iterations = 40, window, modelName = Model } });
        Forest = await TrainAsync(new
        {
            trainerKind = "isolation-forest", datasetIds = new[] { dataset },
            config = new { trees = 30, window = new { length = Length, stride = Length, channels = Channels }, modelName = Detector },
        });
    }

    private async Task<ModelVersionResponse> TrainAsync(object request)
    {
        var run = await ModelVersionsApiTests.TrainAsync(Owner.Client, Project, request);
        return await ModelVersionsApiTests.Read<ModelVersionResponse>(await Owner.Client.GetAsync($"/api/projects/{Project}/models/versions/{run.ModelVersion!.Id}"));
    }

    public Task DisposeAsync()
    {
        App.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>
    /// A magnetometer at 10 Hz whose field jumps during faults (every third block of 30 samples), with a <c>fault</c>
    /// column (1 during a fault) that labels the windows.
    /// </summary>
    public static byte[] Recording(int samples, int seed)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("timestamp,b_x,b_y,b_z,fault\n");
        var start = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(seed);
        for (var i = 0; i < samples; i++)
        {
            var fault = i / 30 % 3 == 2;
            var shift = fault ? 3.0 : 0.0;
            csv.Append(CultureInfo.InvariantCulture,
                $"{start.AddMilliseconds(100 * i):yyyy-MM-ddTHH:mm:ss.fffZ},{20 + shift + random.NextDouble():F3},{-5 + random.NextDouble():F3},{40 - shift + random.NextDouble():F3},{(fault ? 1 : 0)}\n");
        }
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    /// <summary>A window as a predict request sends it: a quiet field, or one shifted as during a fault.</summary>
    public static Dictionary<string, float[]> Window(bool fault, int seed)
    {
        var random = new Random(seed);
        var shift = fault ? 3f : 0f;
        return new()
        {
            ["b_x"] = [.. Enumerable.Range(0, Length).Select(_ => 20 + shift + (float)random.NextDouble())],
            ["b_y"] = [.. Enumerable.Range(0, Length).Select(_ => -5 + (float)random.NextDouble())],
            ["b_z"] = [.. Enumerable.Range(0, Length).Select(_ => 40 - shift + (float)random.NextDouble())],
        };
    }

    public static object Body(params Dictionary<string, float[]>[] windows) => new { windows };
}
