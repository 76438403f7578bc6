using System.Text.Json.Serialization;

namespace Lodestone.Training;

/// <summary>
/// Where a run is. Queued → Preparing → Running → Completed | Failed | Cancelled; a run whose process died is
/// Interrupted and goes back to Queued on recovery. Completed, Failed and Cancelled are final.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<TrainingRunState>))]
public enum TrainingRunState
{
    Queued,
    Preparing,
    Running,
    Completed,
    Failed,
    Cancelled,
    Interrupted,
}
