using System.Security.Claims;
using Lodestone.Accounts;
using Lodestone.Projects;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Lodestone.Labels;

/// <summary>
/// A dataset's annotations under <c>/api/projects/{projectId}/datasets/{datasetId}/annotations</c>: read by time range,
/// create, edit and delete, and undo and redo of one's own changes (each person has their own history per dataset).
/// </summary>
public static class AnnotationsApi
{
    public static void MapAnnotationsApi(this IEndpointRouteBuilder app)
    {
        var annotations = app.MapProjectGroup("/datasets/{datasetId:guid}/annotations", "Labels");
        annotations.MapGet("/", List).WithSummary("The annotations overlapping ?from=…&to=… (ISO 8601), by start; all of them without a range (at most 10,000)");
        annotations.MapGet("/{id:guid}", Get).WithSummary("One annotation");
        annotations.MapPost("/", Create).RequiresRole(ProjectRole.Editor)
            .WithSummary("Label a time range: start, end, labels [{category or categoryId, confidence 0–1}], optional channels and sensor");
        annotations.MapPatch("/{id:guid}", Edit).RequiresRole(ProjectRole.Editor).WithSummary("Change an annotation's range, labels, channels, sensor or source");
        annotations.MapDelete("/{id:guid}", Delete).RequiresRole(ProjectRole.Editor).WithSummary("Delete an annotation (undo brings it back)");
        annotations.MapPost("/undo", Undo).RequiresRole(ProjectRole.Editor).WithSummary("Take back your newest change to this dataset's annotations");
        annotations.MapPost("/redo", Redo).RequiresRole(ProjectRole.Editor).WithSummary("Replay the change you undid last");
    }

    public sealed record AnnotationResponse(Guid Id, Guid DatasetId, DateTime Start, DateTime End, IReadOnlyList<string> Channels, string? Sensor,
        IReadOnlyList<AnnotationLabel> Labels, AnnotationSource Source, Guid? AuthorId, int Revision, DateTime CreatedAt, DateTime UpdatedAt, bool Deleted)
    {
        public static AnnotationResponse Of(Annotation a) => new(a.Id, a.DatasetId, a.Start, a.End, a.Channels, a.Sensor, a.Labels, a.Source,
            a.AuthorId, a.Revision, a.CreatedAt, a.UpdatedAt, a.DeletedAt is not null);
    }

    private static async Task<Ok<List<AnnotationResponse>>> List(Guid projectId, Guid datasetId, DateTime? from, DateTime? to, AnnotationService service,
        CancellationToken ct) =>
        TypedResults.Ok((await service.ListAsync(projectId, datasetId, from?.ToUniversalTime(), to?.ToUniversalTime(), ct)).Select(AnnotationResponse.Of).ToList());

    private static async Task<Results<Ok<AnnotationResponse>, NotFound>> Get(Guid projectId, Guid datasetId, Guid id, AnnotationService service, CancellationToken ct) =>
        await service.FindAsync(projectId, datasetId, id, ct) is { } annotation ? TypedResults.Ok(AnnotationResponse.Of(annotation)) : TypedResults.NotFound();

    private static async Task<Results<Created<AnnotationResponse>, NotFound>> Create(Guid projectId, Guid datasetId, AnnotationInput request,
        ClaimsPrincipal user, AnnotationService service, CancellationToken ct)
    {
        var annotation = await service.CreateAsync(projectId, datasetId, request, user.UserId(), ct);
        return annotation is null
            ? TypedResults.NotFound()
            : TypedResults.Created($"/api/projects/{projectId}/datasets/{datasetId}/annotations/{annotation.Id}", AnnotationResponse.Of(annotation));
    }

    private static async Task<Results<Ok<AnnotationResponse>, NotFound>> Edit(Guid projectId, Guid datasetId, Guid id, AnnotationInput request,
        ClaimsPrincipal user, AnnotationService service, CancellationToken ct) =>
        await service.EditAsync(projectId, datasetId, id, request, user.UserId(), ct) is { } annotation
            ? TypedResults.Ok(AnnotationResponse.Of(annotation))
            : TypedResults.NotFound();

    private static async Task<Results<NoContent, NotFound>> Delete(Guid projectId, Guid datasetId, Guid id, ClaimsPrincipal user, AnnotationService service,
        CancellationToken ct) =>
        await service.DeleteAsync(projectId, datasetId, id, user.UserId(), ct) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static async Task<Results<Ok<AnnotationResponse>, Conflict<ProblemDetails>, UnprocessableEntity<ProblemDetails>>> Undo(Guid projectId,
        Guid datasetId, ClaimsPrincipal user, AnnotationService service, CancellationToken ct) =>
        Answer(await service.UndoAsync(projectId, datasetId, user.UserId(), ct));

    private static async Task<Results<Ok<AnnotationResponse>, Conflict<ProblemDetails>, UnprocessableEntity<ProblemDetails>>> Redo(Guid projectId,
        Guid datasetId, ClaimsPrincipal user, AnnotationService service, CancellationToken ct) =>
        Answer(await service.RedoAsync(projectId, datasetId, user.UserId(), ct));

    private static Results<Ok<AnnotationResponse>, Conflict<ProblemDetails>, UnprocessableEntity<ProblemDetails>> Answer(AnnotationUndo result) => result.Outcome switch
    {
        AnnotationUndoOutcome.Applied => TypedResults.Ok(AnnotationResponse.Of(result.Annotation!)),
        AnnotationUndoOutcome.Conflict => TypedResults.Conflict(new ProblemDetails { Title = "Changed since", Detail = result.Problem, Status = 409 }),
        _ => TypedResults.UnprocessableEntity(new ProblemDetails { Title = "Nothing to do", Detail = result.Problem, Status = 422 }),
    };
}
