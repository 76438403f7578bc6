using System.Text.Json;
using Lodestone.Trainers;

namespace Lodestone.Deployments;

/// <summary>A predict answer, written as JSON straight into the response pipe (see <see cref="PredictionWriter"/>).</summary>
internal sealed class PredictionResult(ServingModel model, IReadOnlyList<Prediction> predictions, string? deployment, string source) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        await using (var json = new Utf8JsonWriter(httpContext.Response.BodyWriter))
            PredictionWriter.Write(json, model, predictions, deployment, source);
        await httpContext.Response.BodyWriter.FlushAsync(httpContext.RequestAborted);
    }
}
