using Lodestone.Models;

namespace Lodestone.Mlflow;

/// <summary>
/// Lodestone's models as MLflow's registered models and model versions: times in milliseconds, versions as strings,
/// every version READY in stage "None" (Lodestone has aliases, not stages), a version's description its notes.
/// A version's <c>source</c> is where its files are: <c>models:/m-…</c> for one registered from a logged model, else
/// <c>mlflow-artifacts:/{experiment}/{run}/artifacts/{path}</c> (a Lodestone-trained version's saved model too).
/// </summary>
internal static class MlflowRegistryShapes
{
    public const string LoggedModelFolder = "models/";

    public static async Task<MlflowRegisteredModel> RegisteredModelAsync(MlflowRegistryScope scope, Model model) =>
        (await RegisteredModelsAsync(scope, [model]))[0];

    public static async Task<List<MlflowRegisteredModel>> RegisteredModelsAsync(MlflowRegistryScope scope, IReadOnlyList<Model> models)
    {
        var ids = models.Select(m => m.Id).ToList();
        // MLflow's latest_versions is the newest version per stage; here every version is in stage "None".
        var latest = (await scope.Lifecycle.VersionsAsync(ids, scope.Ct)).GroupBy(v => v.ModelId).Select(g => g.MaxBy(v => v.Number)!).ToList();
        var aliases = await scope.Catalog.AliasesAsync(ids, scope.Ct);
        var shaped = await VersionsAsync(scope, models, latest);
        var byModel = latest.Zip(shaped).ToDictionary(p => p.First.ModelId, p => p.Second);
        return models.Select(m => new MlflowRegisteredModel(m.Name, Milliseconds(m.CreatedAt), Milliseconds(m.UpdatedAt), m.Author ?? "", m.Description,
            byModel.TryGetValue(m.Id, out var v) ? [v] : [],
            m.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new MlflowTag(t.Key, t.Value)).ToList(),
            aliases.GetValueOrDefault(m.Id)?.Select(a => new MlflowAlias(a.Alias, Text(a.Number))).ToList() ?? [])).ToList();
    }

    public static async Task<MlflowModelVersion> VersionAsync(MlflowRegistryScope scope, Model model, ModelVersion version) =>
        (await VersionsAsync(scope, [model], [version]))[0];

    /// <summary>The versions shaped in the order given, with their tags and aliases.</summary>
    public static async Task<List<MlflowModelVersion>> VersionsAsync(MlflowRegistryScope scope, IReadOnlyList<Model> models, IReadOnlyList<ModelVersion> versions)
    {
        var byId = models.ToDictionary(m => m.Id);
        var tags = await scope.Lifecycle.TagsAsync(versions.Select(v => v.Id).ToList(), scope.Ct);
        var aliases = await scope.Catalog.AliasesAsync(versions.Select(v => v.ModelId).Distinct().ToList(), scope.Ct);
        return versions.Select(v =>
        {
            var model = byId[v.ModelId];
            var runId = v.SourceRunId.ToString("N");
            return new MlflowModelVersion(model.Name, Text(v.Number), Milliseconds(v.CreatedAt), Milliseconds(v.CreatedAt), model.Author ?? "",
                "None", v.Notes ?? "", Source(v), runId, "READY", "",
                tags.GetValueOrDefault(v.Id)?.Select(t => new MlflowTag(t.Key, t.Value)).ToList() ?? [],
                "", aliases.GetValueOrDefault(v.ModelId)?.Where(a => a.Number == v.Number).Select(a => a.Alias).ToList() ?? [], LoggedModelIdOf(v));
        }).ToList();
    }

    /// <summary>The logged model a version was registered from (its files are that model's folder), if any.</summary>
    public static string? LoggedModelIdOf(ModelVersion version) =>
        version.ArtifactPath.StartsWith(LoggedModelFolder + "m-", StringComparison.Ordinal) && !version.ArtifactPath[LoggedModelFolder.Length..].Contains('/')
            ? version.ArtifactPath[LoggedModelFolder.Length..] : null;

    public static string Source(ModelVersion version) => LoggedModelIdOf(version) is { } id ? $"models:/{id}" : DownloadUri(version);

    /// <summary>Where a client downloads the version's files: through the artifact proxy, from the source run's folder.</summary>
    public static string DownloadUri(ModelVersion version) => ArtifactUri(version.ProjectId, version.SourceRunId, version.ArtifactPath);

    public static string ArtifactUri(Guid projectId, Guid runId, string path) =>
        $"mlflow-artifacts:/{projectId:N}/{runId:N}/artifacts" + (string.IsNullOrEmpty(path) ? "" : "/" + path.Trim('/'));

    public static string Text(int number) => number.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static long Milliseconds(DateTime at) => new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)).ToUnixTimeMilliseconds();
}
