using Microsoft.AspNetCore.Diagnostics;

namespace Lodestone.Hosting;

/// <summary>Turns <see cref="InvalidInputException"/> into a 400 whose detail is the message; every other error is a bare 500.</summary>
internal sealed class InvalidInputHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not InvalidInputException) return false;
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        var problem = new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = 400, Title = "Invalid input", Detail = exception.Message },
        };
        // A run's settings list every problem, each with its JSON path, for a client to show beside the setting.
        if (exception is Training.RunRecipeException recipe) problem.ProblemDetails.Extensions["errors"] = recipe.Errors;
        return await problems.TryWriteAsync(problem);
    }
}
