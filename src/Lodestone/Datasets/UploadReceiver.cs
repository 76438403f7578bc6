using Lodestone.Data;
using Lodestone.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Lodestone.Datasets;

/// <summary>
/// Streams a multipart upload's file to a staging file, never holding it in memory, and collects its small text fields.
/// Enforces the configured size limit while reading, so an oversized upload stops at the limit rather than at the end.
/// </summary>
public sealed class UploadReceiver(LodestonePaths paths, IOptions<LimitsOptions> limits)
{
    public sealed record Upload(string FilePath, string FileName, long Bytes, IReadOnlyDictionary<string, string> Fields) : IDisposable
    {
        public void Dispose()
        {
            if (File.Exists(FilePath)) File.Delete(FilePath);
        }
    }

    public async Task<Upload> ReceiveAsync(HttpRequest request, long? maxBytes = null, CancellationToken cancellationToken = default)
    {
        var limit = maxBytes ?? limits.Value.MaxUploadBytes;
        var bodyLimit = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (bodyLimit is { IsReadOnly: false }) bodyLimit.MaxRequestBodySize = limit + 1024 * 1024;

        var boundary = request.ContentType is { } type && MediaTypeHeaderValue.TryParse(type, out var media)
            ? HeaderUtilities.RemoveQuotes(media.Boundary).Value
            : null;
        if (string.IsNullOrEmpty(boundary))
            throw new InvalidInputException("Send the file as multipart/form-data with a part named 'file'.");

        var reader = new MultipartReader(boundary, request.Body);
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? path = null, fileName = null;
        long bytes = 0;
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)) continue;
                if (disposition.IsFileDisposition())
                {
                    if (path is not null) throw new InvalidInputException("Send one file per upload.");
                    fileName = Path.GetFileName(HeaderUtilities.RemoveQuotes(disposition.FileName.HasValue ? disposition.FileName : disposition.FileNameStar).Value ?? "upload.csv");
                    path = Path.Combine(paths.Staging, $"upload-{Guid.NewGuid():N}.csv");
                    Directory.CreateDirectory(paths.Staging);
                    bytes = await CopyWithLimitAsync(section.Body, path, limit, cancellationToken);
                }
                else if (disposition.IsFormDisposition())
                {
                    using var text = new StreamReader(section.Body);
                    var value = await text.ReadToEndAsync(cancellationToken);
                    if (value.Length > 64 * 1024) throw new InvalidInputException($"The field '{disposition.Name}' is too long.");
                    fields[HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? ""] = value;
                }
            }
        }
        catch
        {
            if (path is not null && File.Exists(path)) File.Delete(path);
            throw;
        }
        if (path is null || fileName is null) throw new InvalidInputException("The upload has no file part.");
        return new Upload(path, fileName, bytes, fields);
    }

    private static async Task<long> CopyWithLimitAsync(Stream source, string path, long limit, CancellationToken cancellationToken)
    {
        await using var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20, useAsync: true);
        var buffer = new byte[1 << 20];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > limit)
                throw new InvalidInputException($"The file is larger than the upload limit of {limit / (1024 * 1024)} MB.");
            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
        return total;
    }
}
