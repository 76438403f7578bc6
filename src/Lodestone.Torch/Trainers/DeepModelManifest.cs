using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Lodestone.Trainers;

namespace Lodestone.Torch.Trainers;

/// <summary>
/// What a saved deep model needs besides its weights (<c>weights.bin</c>): kind, input shape, label schema,
/// standardisation, options and, for detectors, the threshold. A multi-label classifier's task is
/// <see cref="TrainingTask.MultiLabelClassification"/>. Written as <c>model.json</c>.
/// </summary>
public sealed record DeepModelManifest(
    string Kind,
    TrainingTask Task,
    IReadOnlyList<string> Channels,
    int Length,
    IReadOnlyList<string> Labels,
    ChannelScaler Scaler,
    JsonObject Options,
    double Threshold = double.NaN)
{
    public const string FileName = "model.json";

    /// <summary>A classifier that predicts a set of labels per window (its task says so in the saved file).</summary>
    [JsonIgnore]
    public bool IsMultiLabel => Task == TrainingTask.MultiLabelClassification;
    public const string WeightsFileName = "weights.bin";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static JsonObject OptionsToJson(DeepTrainerOptions options) =>
        JsonSerializer.SerializeToNode(options, options.GetType(), Json)!.AsObject();

    /// <summary>The options the model was trained with, as the class its kind uses.</summary>
    public DeepTrainerOptions ReadOptions() => Task == TrainingTask.AnomalyDetection
        ? Options.Deserialize<AutoencoderOptions>(Json)!
        : Options.Deserialize<DeepClassifierOptions>(Json)!;

    public void Write(string folder) =>
        File.WriteAllText(Path.Combine(folder, FileName), JsonSerializer.Serialize(this, Json));

    public static DeepModelManifest Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) throw new FileNotFoundException($"No deep model in {folder}: {FileName} is missing.", path);
        return JsonSerializer.Deserialize<DeepModelManifest>(File.ReadAllText(path), Json)
            ?? throw new InvalidDataException($"{path} is empty.");
    }
}
