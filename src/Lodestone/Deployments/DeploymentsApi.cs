using System.Diagnostics;
using System.Security.Claims;
using Lodestone.Projects;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Lodestone.Deployments;

/// <summary>
/// Deployments under <c>/api/projects/{projectId}/deployments</c>: deploy a model's version or alias under a name, list
/// them, switch one to another version or alias, undeploy, and predict through one. Editors change deployments;
/// every member reads them and predicts. Predict resolves the deployment from <see cref="DeploymentTable"/> (no
/// database read) and has its own, higher rate limit, since sensors and scripts call it many times a second.
/// </summary>
public static class DeploymentsApi
{
    public static void MapDeploymentsApi(this IEndpointRouteBuilder app)
    {
        var deployments = app.MapProjectGroup("/deployments", "Deployments");
        deployments.MapGet("/", List).WithSummary("The project's serving deployments, with the version each serves and its recent requests");
        deployments.MapGet("/{name}", Get).WithSummary("A deployment");
        deployments.MapPost("/", Create).RequiresRole(ProjectRole.Editor)
            .WithSummary("Deploy a model version under a name: `{\"name\":\"fan\",\"model\":\"fan-classifier\",\"version\":3}` or `\"alias\":\"production\"`")
            .WithDescription("Optionally `sensor` (and `sensorKind`, the trainer kind, e.g. `drift`): the sensor's predictions then come from this deployment. The version is loaded before the deployment answers 201.");
        deployments.MapPatch("/{name}", Switch).RequiresRole(ProjectRole.Editor)
            .WithSummary("Switch a deployment to another version or alias; no request fails during the switch")
            .WithDescription("The new version is loaded first; requests are answered by the old one until it is.");
        deployments.MapDelete("/{name}", Undeploy).RequiresRole(ProjectRole.Editor).WithSummary("Undeploy");
        deployments.MapPost("/{name}/predict", Predict).RequireRateLimiting(Hosting.ApplicationServices.PredictRateLimitPolicy)
            .Accepts<PredictRequest>("application/json", "text/csv")
            .WithSummary("Predict: `{\"windows\":[{\"b_x\":[…],\"b_y\":[…]}]}` or CSV rows (`text/csv`) cut into the model's windows")
            .WithDescription("Answers per window its labels or score, a confidence, and for detectors the threshold and `isAnomaly`, with the model and version that answered.");
    }

    private static List<DeploymentResponse> Respond(IEnumerable<Deployment> deployments, DeploymentTable table, TimeProvider clock)
    {
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        return deployments.Select(d => DeploymentResponse.Of(d, table.Find(d.ProjectId, d.Name), now)).ToList();
    }

    private static async Task<List<DeploymentResponse>> List(Guid projectId, DeploymentService deployments, DeploymentTable table, TimeProvider clock,
        CancellationToken ct) =>
        Respond(await deployments.ListAsync(projectId, ct), table, clock);

    private static async Task<Results<Ok<DeploymentResponse>, NotFound>> Get(Guid projectId, string name, DeploymentService deployments,
        DeploymentTable table, TimeProvider clock, CancellationToken ct) =>
        await deployments.FindAsync(projectId, name, ct) is { } d ? TypedResults.Ok(Respond([d], table, clock)[0]) : TypedResults.NotFound();

    private static async Task<Results<Created<DeploymentResponse>, Conflict<ProblemDetails>>> Create(Guid projectId, CreateDeploymentRequest request,
        ClaimsPrincipal user, DeploymentService deployments, DeploymentTable table, TimeProvider clock, CancellationToken ct)
    {
        try
        {
            var d = await deployments.CreateAsync(projectId,
                new NewDeployment(request.Name, request.Model, request.Version, request.Alias, request.SensorKind, request.Sensor), user.Identity?.Name, ct);
            return TypedResults.Created($"/api/projects/{projectId}/deployments/{Uri.EscapeDataString(d.Name)}", Respond([d], table, clock)[0]);
        }
        catch (DeploymentNameTakenException e)
        {
            return Conflict("Name taken", e.Message);
        }
        catch (ModelLoadException e)
        {
            return Conflict("Model does not load", e.Message);
        }
    }

    private static async Task<Results<Ok<DeploymentResponse>, NotFound, Conflict<ProblemDetails>>> Switch(Guid projectId, string name,
        SwitchDeploymentRequest request, DeploymentService deployments, DeploymentTable table, TimeProvider clock, CancellationToken ct)
    {
        try
        {
            var d = await deployments.SwitchAsync(projectId, name, request.Version, request.Alias, ct);
            return d is null ? TypedResults.NotFound() : TypedResults.Ok(Respond([d], table, clock)[0]);
        }
        catch (ModelLoadException e)
        {
            return Conflict("Model does not load", e.Message);
        }
    }

    private static async Task<Results<NoContent, NotFound>> Undeploy(Guid projectId, string name, DeploymentService deployments, CancellationToken ct) =>
        await deployments.UndeployAsync(projectId, name, ct) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static async Task<IResult> Predict(Guid projectId, string name, HttpContext http, DeploymentTable table, TimeProvider clock)
    {
        var served = table.Find(projectId, name);
        if (served is null) return TypedResults.NotFound();
        // One read of the entry: a switch during this request changes the next request's model, not this one's.
        if (served.Model is not { } model)
            return TypedResults.Problem(served.Problem, statusCode: StatusCodes.Status409Conflict, title: "Deployment cannot serve");
        var started = Stopwatch.GetTimestamp();
        var failed = true;
        try
        {
            var windows = await PredictRequestBody.ReadAsync(http.Request, model.Window, http.RequestAborted);
            var predictions = await model.PredictAsync(windows, http.RequestAborted);
            failed = false;
            return new PredictionResult(model, predictions, served.Name, "deployment");
        }
        finally
        {
            served.Stats.Record(Stopwatch.GetElapsedTime(started).Ticks, failed, clock.GetUtcNow().ToUnixTimeSeconds());
        }
    }

    internal static Conflict<ProblemDetails> Conflict(string title, string detail) =>
        TypedResults.Conflict(new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = title, Detail = detail });
}

/// <summary>The JSON body of a predict request (for the API reference; the endpoint reads it with a streaming reader).</summary>
public sealed record PredictRequest(IReadOnlyList<Dictionary<string, float[]>> Windows);
