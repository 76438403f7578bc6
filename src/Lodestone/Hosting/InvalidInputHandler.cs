using Microsoft.AspNetCore.Diagnostics;

namespace Lodestone.Hosting;

/// <summary>Turns <see cref="InvalidInputException"/> into a 400 whose detail is the message; every other error is a bare 500.</summary>
internal sealed class InvalidInputHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not InvalidInputException) return false;
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = 400, Title = "Invalid input", Detail = exception.Message },
        });
    }
}
