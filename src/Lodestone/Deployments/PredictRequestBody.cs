using Lodestone.Models;
using Lodestone.Trainers;

namespace Lodestone.Deployments;

/// <summary>Reads a predict request's windows: JSON from the request pipe without copying it, or CSV (<c>text/csv</c>) for many rows.</summary>
internal static class PredictRequestBody
{
    public static async Task<WindowSet> ReadAsync(HttpRequest request, ModelWindow window, CancellationToken cancellationToken)
    {
        if (request.ContentType is { } type && type.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase))
        {
            using var text = new StreamReader(request.Body);
            return PredictionInput.FromCsv(await text.ReadToEndAsync(cancellationToken), window);
        }
        var reader = request.BodyReader;
        while (true)
        {
            var read = await reader.ReadAsync(cancellationToken);
            if (read.IsCompleted || read.IsCanceled)
            {
                try
                {
                    return PredictionInput.FromJson(read.Buffer, window);
                }
                finally
                {
                    reader.AdvanceTo(read.Buffer.End);
                }
            }
            // Nothing consumed until the whole body is in: the reader parses it in one pass.
            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }
}
