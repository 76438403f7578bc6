namespace Lodestone.Training;

/// <summary>
/// How a run's file is served: a report's HTML, images and JSON open in the browser with their own content type; any
/// other file (models, checkpoints) downloads. Since inline files come from our origin, they are served sandboxed: no
/// script runs, nothing is fetched but the file's own inline styles and images, and the type is never sniffed.
/// </summary>
public static class ArtifactContent
{
    /// <summary>The report is plain HTML with inline CSS and SVG: it needs nothing more, so it gets nothing more.</summary>
    public const string SandboxPolicy = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:";

    private static readonly Dictionary<string, string> Inline = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".htm"] = "text/html; charset=utf-8",
        [".png"] = "image/png",
        [".svg"] = "image/svg+xml",
        [".json"] = "application/json; charset=utf-8",
    };

    /// <summary>The content type of an inline file, or null for a file that downloads.</summary>
    public static string? InlineType(string path) => Inline.GetValueOrDefault(Path.GetExtension(path));

    public static IResult Serve(string file, HttpResponse response)
    {
        response.Headers.XContentTypeOptions = "nosniff";
        if (InlineType(file) is not { } type)
            return TypedResults.PhysicalFile(file, "application/octet-stream", Path.GetFileName(file), enableRangeProcessing: true);
        response.Headers.ContentSecurityPolicy = SandboxPolicy;
        return TypedResults.PhysicalFile(file, type, enableRangeProcessing: true);
    }
}
