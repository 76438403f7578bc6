using System.Text.Json.Nodes;
using Lodestone.Trainers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lodestone.Training;

/// <summary>
/// The trainer catalogue under <c>/api/trainers</c>: every kind this server can train, its task, its options' defaults and
/// their JSON schema (with descriptions), so that clients can build a config. Any signed-in user may read it.
/// </summary>
public static class TrainersApi
{
    public static void MapTrainersApi(this IEndpointRouteBuilder app)
    {
        var trainers = app.MapGroup("/api/trainers").WithTags("Trainers").RequireAuthorization()
            .RequireRateLimiting(Hosting.ApplicationServices.RateLimitPolicy);
        trainers.MapGet("/", List).WithSummary("The trainer kinds, with their options' defaults and JSON schema");
        trainers.MapGet("/{kind}", Get).WithSummary("One trainer kind, with its options' defaults and JSON schema");
        trainers.MapGet("/{kind}/recipe-schema", RecipeSchema)
            .WithSummary("The JSON Schema of a run config of this kind: its options (with ranges), window and modelName; nothing else is accepted");
    }

    public sealed record TrainerResponse(string Kind, TrainingTask Task, JsonNode Defaults, JsonNode Schema)
    {
        public static TrainerResponse From(TrainerCatalogEntry entry) => new(entry.Kind, entry.Task, entry.Defaults, entry.Schema);
    }

    private static List<TrainerResponse> List(TrainerCatalog catalog) => catalog.Entries().Select(TrainerResponse.From).ToList();

    private static Results<Ok<JsonNode>, NotFound> RecipeSchema(string kind, TrainerCatalog catalog) =>
        catalog.Find(kind) is null ? TypedResults.NotFound() : TypedResults.Ok<JsonNode>(RunRecipeSchema.For(catalog.Describe(kind)));

    private static Results<Ok<TrainerResponse>, NotFound> Get(string kind, TrainerCatalog catalog) =>
        catalog.Find(kind) is null ? TypedResults.NotFound() : TypedResults.Ok(TrainerResponse.From(catalog.Describe(kind)));
}
