using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace Lodestone.Hosting;

/// <summary>
/// Turns bad input into a 4xx whose detail names the problem, never a stack trace: <see cref="InvalidInputException"/>
/// (400), a request the server could not read or bind (<see cref="BadHttpRequestException"/>: its own status, e.g. 413 for
/// a body over the limit) and JSON that does not parse (400, with its line and position). Under the MLflow prefixes the
/// body is MLflow's <c>{"error_code", "message"}</c>, which its clients read. Every other error is a bare 500.
/// </summary>
internal sealed class InvalidInputHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (Describe(exception) is not var (status, detail)) return false;
        if (context.Response.HasStarted) return false;
        context.Response.StatusCode = status;
        if (IsMlflow(context.Request.Path))
        {
            var code = status == StatusCodes.Status413PayloadTooLarge ? "REQUEST_LIMIT_EXCEEDED" : "INVALID_PARAMETER_VALUE";
            await context.Response.WriteAsJsonAsync(new { error_code = code, message = detail }, cancellationToken);
            return true;
        }
        var problem = new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = status == StatusCodes.Status413PayloadTooLarge ? "Request too large" : "Invalid input", Detail = detail },
        };
        // A run's settings list every problem, each with its JSON path, for a client to show beside the setting.
        if (exception is Training.RunRecipeException recipe) problem.ProblemDetails.Extensions["errors"] = recipe.Errors;
        return await problems.TryWriteAsync(problem);
    }

    private static (int Status, string Detail)? Describe(Exception exception) => exception switch
    {
        InvalidInputException e => (StatusCodes.Status400BadRequest, e.Message),
        // Binding failures wrap the reason (usually a JsonException with its path, line and position).
        BadHttpRequestException { InnerException: JsonException json } e => (e.StatusCode, $"{e.Message} {json.Message}"),
        BadHttpRequestException e => (e.StatusCode, e.Message),
        // A bare JsonException is not the client's: every request reader turns its own into InvalidInputException, so
        // one that reaches here is the server's (the OpenAPI exporter's once), a 500 that is logged, not a 400 that blames the body.
        _ => null,
    };

    private static bool IsMlflow(PathString path) =>
        path.StartsWithSegments("/api/2.0/mlflow") || path.StartsWithSegments("/api/2.0/mlflow-artifacts") || path.StartsWithSegments("/ajax-api/2.0/mlflow");
}
