using System.Security.Claims;
using Lodestone.Hosting;
using Lodestone.Projects;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Lodestone.Training;

namespace Lodestone.Mlflow;

/// <summary>
/// MLflow's artifact proxy: a run's artifact URI is <c>mlflow-artifacts:/{project}/{run}/artifacts</c>, which clients
/// turn into <c>/api/2.0/mlflow-artifacts/artifacts/{project}/{run}/artifacts/{file}</c>. Files land in the run's folder.
/// </summary>
internal static class MlflowArtifacts
{
    public static async Task<IResult> Upload(string path, HttpRequest request, ClaimsPrincipal user, ProjectService projects, IAuthorizationService authorization,
        TrainingService training, RunFiles files, IOptions<LimitsOptions> limits, CancellationToken ct)
    {
        var body = RequestBody.Limit(request, limits.Value.MaxUploadBytes);
        var (run, relative) = await ResolveAsync(path, user, projects, authorization, training, ProjectRole.Editor, ct);
        if (string.IsNullOrEmpty(relative)) throw MlflowException.InvalidParameter("An artifact needs a file name.");
        await files.SaveArtifactAsync(run.ProjectId, run.Id, relative, body, ct);
        return MlflowJson.Empty();
    }

    public static async Task<IResult> Download(string path, ClaimsPrincipal user, ProjectService projects, IAuthorizationService authorization, TrainingService training,
        RunFiles files, CancellationToken ct)
    {
        var (run, relative) = await ResolveAsync(path, user, projects, authorization, training, ProjectRole.Viewer, ct);
        var file = files.ArtifactPath(run.ProjectId, run.Id, relative);
        if (!File.Exists(file)) throw MlflowException.NotFound($"No artifact '{relative}'.");
        return Results.File(file, "application/octet-stream", Path.GetFileName(file), enableRangeProcessing: true);
    }

    public static async Task<IResult> List(HttpRequest request, ClaimsPrincipal user, ProjectService projects, IAuthorizationService authorization, TrainingService training,
        RunFiles files, CancellationToken ct)
    {
        var (run, relative) = await ResolveAsync(request.Query["path"].ToString(), user, projects, authorization, training, ProjectRole.Viewer, ct);
        var entries = files.List(run.ProjectId, run.Id, relative);
        // As MLflow's server: names within the listed folder, which the client joins to the path it asked for
        // (full paths became weights/weights/best.pt there).
        return MlflowJson.Ok(new
        {
            files = entries.Select(e => new { path = e.Path[(e.Path.LastIndexOf('/') + 1)..], is_dir = e.IsDirectory, file_size = e.SizeBytes }).ToList(),
        });
    }

    /// <summary>The 1.x listing by run id: <c>?run_id=…&amp;path=…</c>, answered with the run's root URI and its files.</summary>
    public static async Task<IResult> ListOfRun(HttpRequest request, ClaimsPrincipal user, ProjectService projects, IAuthorizationService authorization, TrainingService training,
        RunFiles files, CancellationToken ct)
    {
        var run = await MlflowRuns.FindAsync(request.Query["run_id"].FirstOrDefault() ?? request.Query["run_uuid"].FirstOrDefault(), user, projects, authorization, training, ProjectRole.Viewer, ct);
        var relative = request.Query["path"].ToString().Trim('/');
        var entries = files.List(run.ProjectId, run.Id, relative);
        return MlflowJson.Ok(new
        {
            root_uri = MlflowRuns.Of(run, []).Info.ArtifactUri,
            files = entries.Select(e => new { path = e.Path, is_dir = e.IsDirectory, file_size = e.SizeBytes }).ToList(),
        });
    }

    /// <summary>Splits <c>{project}/{run}/artifacts/{file}</c> and checks the caller's role in the run's project.</summary>
    private static async Task<(TrainingRun Run, string Relative)> ResolveAsync(string path, ClaimsPrincipal user, ProjectService projects, IAuthorizationService authorization,
        TrainingService training, ProjectRole role, CancellationToken ct)
    {
        var parts = path.Trim('/').Split('/', 4);
        if (parts.Length < 3 || parts[2] != "artifacts" || !Guid.TryParse(parts[0], out var projectId))
            throw MlflowException.InvalidParameter($"Artifact paths look like {{experiment}}/{{run}}/artifacts/…, not '{path}'.");
        var run = await MlflowRuns.FindAsync(parts[1], user, projects, authorization, training, role, ct);
        if (run.ProjectId != projectId) throw MlflowException.NotFound($"Run '{parts[1]}' not found.");
        return (run, parts.Length == 4 ? parts[3] : "");
    }
}
