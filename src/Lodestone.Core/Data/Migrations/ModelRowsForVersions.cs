namespace Lodestone.Data.Migrations;

/// <summary>
/// The SQL, the same on SQLite and PostgreSQL, that gives the versions registered before models were rows their
/// models: one per (project, model name), with the id of its first version (unique, and of the right type on both),
/// that version's task, its run owner as author, created with that version and updated with the newest. Rows already
/// there are kept, so a migration run again after a kill does not fail on them.
/// </summary>
internal static class ModelRowsForVersions
{
    public const string Insert = """
        INSERT INTO "Models" ("Id", "ProjectId", "Name", "Task", "Tags", "Category", "Author", "Description", "Metadata", "CreatedAt", "UpdatedAt")
        SELECT v."Id", v."ProjectId", v."ModelName", v."Task", '{}', NULL,
            (SELECT substr(u."UserName", 1, 200) FROM "TrainingRuns" r JOIN "Users" u ON u."Id" = r."OwnerId" WHERE r."Id" = v."SourceRunId"),
            '', '{}', v."CreatedAt",
            (SELECT MAX(o."CreatedAt") FROM "ModelVersions" o WHERE o."ProjectId" = v."ProjectId" AND o."ModelName" = v."ModelName")
        FROM "ModelVersions" v
        WHERE v."Number" = (SELECT MIN(o."Number") FROM "ModelVersions" o WHERE o."ProjectId" = v."ProjectId" AND o."ModelName" = v."ModelName")
          AND NOT EXISTS (SELECT 1 FROM "Models" m WHERE m."ProjectId" = v."ProjectId" AND m."Name" = v."ModelName");
        """;

    /// <summary>The model of a version row <c>v</c>, as a scalar subquery.</summary>
    public const string ModelOf = """(SELECT m."Id" FROM "Models" m WHERE m."ProjectId" = v."ProjectId" AND m."Name" = v."ModelName")""";
}
