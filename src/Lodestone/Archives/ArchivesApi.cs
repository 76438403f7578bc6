using Lodestone.Accounts;
using System.Security.Claims;
using Lodestone.Data;
using Lodestone.Datasets;
using Lodestone.Hosting;
using Lodestone.Projects;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Lodestone.Archives;

/// <summary>
/// A whole project to one archive and back: <c>POST /api/projects/{projectId}/export</c> (admins) downloads it, and
/// <c>POST /api/projects/import</c> uploads one as a new project of which the caller is admin.
/// </summary>
public static class ArchivesApi
{
    public static void MapArchivesApi(this IEndpointRouteBuilder app)
    {
        app.MapProjectGroup("/export", "Archives").MapPost("/", Export).RequiresRole(ProjectRole.Admin)
            .WithSummary("Export the project to one zip archive (rows, samples, runs with metrics and logs, model artifacts)")
            .WithDescription("The archive holds the project's rows as JSON lines per entity type, its files, member user names (never secrets) and a manifest with the SHA-256 of every entry. Import it here or on another instance with `POST /api/projects/import`.");
        app.MapGroup("/api/projects").WithTags("Archives").RequireRateLimiting(ApplicationServices.RateLimitPolicy)
            .MapPost("/import", Import).DisableAntiforgery()
            .WithSummary("Import a project archive as a new project; you become its admin")
            .WithDescription("Multipart with the archive as `file` and an optional `name` (default: the archived name, made unique). Every id is new; members are kept where a user of the same name exists here. A damaged, foreign or newer-format archive is a 400 and imports nothing.");
    }

    public sealed record ImportedProjectResponse(Guid Id, string Name, Guid SourceProjectId, IReadOnlyDictionary<string, long> Rows, int Files, long FileBytes);

    private static async Task<FileStreamHttpResult> Export(Guid projectId, LodestoneDb db, LodestonePaths paths, ProjectExporter exporter, CancellationToken ct)
    {
        var name = await db.Projects.AsNoTracking().Where(p => p.Id == projectId).Select(p => p.Name).FirstAsync(ct);
        // Written to a staging file first, so that a failure midway is an error rather than a truncated download; the
        // file goes when the response has sent it (a crash leaves it to the next start's staging clean-up).
        Directory.CreateDirectory(paths.Staging);
        var path = Path.Combine(paths.Staging, $"export-{Guid.NewGuid():N}.zip");
        try
        {
            await using (var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
                await exporter.ExportAsync(projectId, output, cancellationToken: ct);
            var download = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Delete, 1 << 20, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            return TypedResults.File(download, "application/zip", $"{FileName(name)}.lodestone.zip");
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    private static async Task<Created<ImportedProjectResponse>> Import(HttpRequest request, ClaimsPrincipal user, UploadReceiver receiver,
        ProjectImporter importer, CancellationToken ct)
    {
        using var upload = await receiver.ReceiveAsync(request, cancellationToken: ct);
        var imported = await importer.ImportAsync(upload.FilePath, user.UserId(), upload.Fields.GetValueOrDefault("name"), cancellationToken: ct);
        return TypedResults.Created($"/api/projects/{imported.Id}",
            new ImportedProjectResponse(imported.Id, imported.Name, imported.SourceProjectId, imported.Rows, imported.Files, imported.FileBytes));
    }

    private static string FileName(string projectName)
    {
        var safe = new string([.. projectName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-')]).Trim('-');
        return safe.Length == 0 ? "project" : safe;
    }
}
