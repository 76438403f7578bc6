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
    private const int MaxFieldChars = 64 * 1024;

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
        // The file may have the limit; the rest of the form (boundaries, headers, small fields) fits in a megabyte.
        var bodyLimit = limit + 1024 * 1024;
        if (request.ContentLength > bodyLimit) throw TooLarge(limit);
        var sizeFeature = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false }) sizeFeature.MaxRequestBodySize = bodyLimit;

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
                    var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                    fields[name] = await ReadFieldAsync(section.Body, name, cancellationToken);
                }
            }
        }
        catch (InvalidDataException e)
        {
            Delete(path);
            throw new InvalidInputException($"The upload is not a well-formed multipart form: {e.Message}");
        }
        catch
        {
            Delete(path);
            throw;
        }
        if (path is null || fileName is null) throw new InvalidInputException("The upload has no file part.");
        return new Upload(path, fileName, bytes, fields);
    }

    private static void Delete(string? path)
    {
        if (path is not null && File.Exists(path)) File.Delete(path);
    }

    /// <summary>A text field, read only up to its limit: a 250 MB field stops at 64 KB instead of being held whole.</summary>
    private static async Task<string> ReadFieldAsync(Stream body, string name, CancellationToken cancellationToken)
    {
        using var text = new StreamReader(body);
        var buffer = new char[MaxFieldChars + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await text.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
            length += read;
        if (length > MaxFieldChars)
            throw new InvalidInputException($"The field '{name}' is longer than {MaxFieldChars / 1024} KB.");
        return new string(buffer, 0, length);
    }

    private static BadHttpRequestException TooLarge(long limit) =>
        new($"The file is larger than the upload limit of {limit / (1024 * 1024)} MB ({limit} bytes).", StatusCodes.Status413PayloadTooLarge);

    private static async Task<long> CopyWithLimitAsync(Stream source, string path, long limit, CancellationToken cancellationToken)
    {
        await using var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20, useAsync: true);
        var buffer = new byte[1 << 20];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > limit) throw TooLarge(limit);
            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
        return total;
    }
}
