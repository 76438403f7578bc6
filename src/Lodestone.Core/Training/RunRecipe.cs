using System.Text.Json;
using Lodestone.Trainers;

namespace Lodestone.Training;

/// <summary>
/// Everything a run trained here is made of, typed: the trainer kind and its options, the window, the datasets, the
/// version it continues from and the model it registers under. It is read once, when the run is created
/// (<see cref="RunRecipeReader"/>), and stored as the run's config: the options' settings, <c>"window"</c> and
/// <c>"modelName"</c> in one JSON object (the form runs have always stored, so older runs still load).
/// </summary>
public sealed record RunRecipe(string TrainerKind, TrainerOptions Options, RunWindow Window, IReadOnlyList<Guid> DatasetIds,
    Guid? ParentModelVersionId = null, string? ModelName = null)
{
    public const string WindowSetting = "window";
    public const string ModelNameSetting = "modelName";
    public const int MaxModelName = 200;
    /// <summary>The deep trainers' model folder to continue from: set from the parent version only, never from a config.</summary>
    public const string StartFromSetting = "startFrom";

    private static readonly JsonSerializerOptions WindowJson = new(ModelFiles.Json)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>
    /// The sensor the run is about: its windows' sensor, or the sensor a sensor kind (drift, calibration) learns from.
    /// </summary>
    public string? Sensor => Window.Sensor ?? (Options as ISensorOptions)?.Sensor;

    /// <summary>The run's stored config: the options, then <c>"window"</c> and <c>"modelName"</c> when set.</summary>
    public string ToConfigJson(bool indented = false)
    {
        var config = JsonSerializer.SerializeToNode(Options, Options.GetType(), ModelFiles.Json)!.AsObject();
        var window = JsonSerializer.SerializeToNode(Window, WindowJson)!.AsObject();
        if (window.Count > 0) config[WindowSetting] = window;
        if (ModelName is not null) config[ModelNameSetting] = ModelName;
        return config.ToJsonString(indented ? ModelFiles.Json : null);
    }

    /// <summary>The config as a JSON element, for responses and events.</summary>
    public JsonElement ToConfigElement()
    {
        using var document = JsonDocument.Parse(ToConfigJson());
        return document.RootElement.Clone();
    }

    /// <summary>The same recipe with the settings its window leaves out taken from <paramref name="parent"/>, so the inputs match.</summary>
    public RunRecipe WithWindowFrom(Models.ModelWindow parent)
    {
        if (parent.Length <= 0) return this;
        return this with
        {
            Window = Window with
            {
                Length = Window.Length ?? parent.Length,
                Stride = Window.Stride ?? parent.Stride,
                Channels = Window.Channels ?? (parent.Channels.Count > 0 ? [.. parent.Channels] : null),
                LabelChannel = Window.LabelChannel ?? parent.LabelChannel,
            },
        };
    }
}
