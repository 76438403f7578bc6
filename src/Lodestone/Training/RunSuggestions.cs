using System.Text.Json;

namespace Lodestone.Training;

/// <summary>The handler that suggests a run's settings from the data, so scripts get what the start form shows.</summary>
internal static class RunSuggestions
{
    public static async Task<RunSettingsSuggestionResponse> Suggest(Guid projectId, SuggestRunSettingsRequest request,
        RunSettingsAdvisor advisor, CancellationToken ct)
    {
        var suggestion = await advisor.SuggestAsync(projectId, request.TrainerKind, request.DatasetIds ?? [], request.LabelChannel, request.Sensor, ct);
        using var config = JsonDocument.Parse(suggestion.Config);
        return new RunSettingsSuggestionResponse(config.RootElement.Clone(), suggestion.Notes, suggestion.ModelName);
    }
}
