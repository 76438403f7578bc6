using Lodestone.Projects;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lodestone.Labels;

/// <summary>
/// Label categories under <c>/api/projects/{projectId}/label-categories</c>: the project's labels with colour, shortcut
/// key and parent (a new project starts with Fan Noise, Motor, Normal, Anomaly and Electrical on keys 1–5), and the
/// revision of the label set each change makes.
/// </summary>
public static class LabelCategoriesApi
{
    public static void MapLabelCategoriesApi(this IEndpointRouteBuilder app)
    {
        var labels = app.MapProjectGroup("/label-categories", "Labels");
        labels.MapGet("/", List).WithSummary("The project's label categories and the current revision of its label set");
        labels.MapPost("/", Create).RequiresRole(ProjectRole.Editor)
            .WithSummary("Add a label: name, color (#rrggbb; one is picked when left out), shortcutKey (a digit or letter), parentId");
        labels.MapPatch("/{id:guid}", Change).RequiresRole(ProjectRole.Editor)
            .WithSummary("Change a label's name, color, shortcut key (\"\" removes it) or parent (clearParent: true for none)");
        labels.MapDelete("/{id:guid}", Delete).RequiresRole(ProjectRole.Editor)
            .WithSummary("Delete a label that no annotation and no child label uses");
    }

    public sealed record LabelCategoryResponse(Guid Id, string Name, string Color, string? ShortcutKey, Guid? ParentId)
    {
        public static LabelCategoryResponse Of(LabelCategory c) => new(c.Id, c.Name, c.Color, c.ShortcutKey, c.ParentId);
    }

    public sealed record LabelSetResponse(int Revision, IReadOnlyList<LabelCategoryResponse> Categories);
    public sealed record CreateLabelRequest(string Name, string? Color, string? ShortcutKey, Guid? ParentId);
    public sealed record ChangeLabelRequest(string? Name, string? Color, string? ShortcutKey, Guid? ParentId, bool ClearParent = false);

    private static async Task<LabelSetResponse> List(Guid projectId, LabelCatalog catalog, CancellationToken ct)
    {
        var categories = await catalog.ListAsync(projectId, ct);
        var revision = await catalog.CurrentRevisionAsync(projectId, ct);
        return new LabelSetResponse(revision.Number, categories.Select(LabelCategoryResponse.Of).ToList());
    }

    private static async Task<Created<LabelCategoryResponse>> Create(Guid projectId, CreateLabelRequest request, LabelCatalog catalog, CancellationToken ct)
    {
        var category = await catalog.CreateAsync(projectId, request.Name ?? "", request.Color, request.ShortcutKey, request.ParentId, ct);
        return TypedResults.Created($"/api/projects/{projectId}/label-categories/{category.Id}", LabelCategoryResponse.Of(category));
    }

    private static async Task<Results<Ok<LabelCategoryResponse>, NotFound>> Change(Guid projectId, Guid id, ChangeLabelRequest request,
        LabelCatalog catalog, CancellationToken ct) =>
        await catalog.ChangeAsync(projectId, id, request.Name, request.Color, request.ShortcutKey, request.ParentId, request.ClearParent, ct) is { } category
            ? TypedResults.Ok(LabelCategoryResponse.Of(category))
            : TypedResults.NotFound();

    private static async Task<Results<NoContent, NotFound>> Delete(Guid projectId, Guid id, LabelCatalog catalog, CancellationToken ct) =>
        await catalog.DeleteAsync(projectId, id, ct) ? TypedResults.NoContent() : TypedResults.NotFound();
}
