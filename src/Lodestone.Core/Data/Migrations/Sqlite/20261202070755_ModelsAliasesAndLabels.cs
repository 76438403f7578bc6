using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lodestone.Data.Migrations.Sqlite
{
    /// <summary>
    /// Models become rows (name, task, tags, category, author, description, metadata) with aliases pointing at their
    /// versions; versions gain a label, notes and the version they were cloned from, and are numbered per model. Every
    /// model name that has versions becomes a model first. SQLite adds the versions' foreign keys only by rebuilding
    /// the table, which must happen with foreign keys off (so dropping the old table cascades nowhere) and so outside a
    /// migration's transaction: as in RunParentVersionForeignKey, everything is one transaction between the pragmas,
    /// and nothing in it fails when it runs again after a kill before the history row was written.
    /// </summary>
    public partial class ModelsAliasesAndLabels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql($"""
            PRAGMA foreign_keys = 0;
            BEGIN IMMEDIATE;
            CREATE TABLE IF NOT EXISTS "Models" (
                "Id" TEXT NOT NULL CONSTRAINT "PK_Models" PRIMARY KEY,
                "ProjectId" TEXT NOT NULL,
                "Name" TEXT NOT NULL,
                "Task" TEXT NULL,
                "Tags" TEXT NOT NULL,
                "Category" TEXT NULL,
                "Author" TEXT NULL,
                "Description" TEXT NOT NULL,
                "Metadata" TEXT NOT NULL,
                "CreatedAt" TEXT NOT NULL,
                "UpdatedAt" TEXT NOT NULL,
                CONSTRAINT "FK_Models_Projects_ProjectId" FOREIGN KEY ("ProjectId") REFERENCES "Projects" ("Id") ON DELETE CASCADE
            );
            CREATE UNIQUE INDEX IF NOT EXISTS "IX_Models_ProjectId_Name" ON "Models" ("ProjectId", "Name");
            {ModelRowsForVersions.Insert}
            DROP TABLE IF EXISTS "ef_temp_ModelVersions";
            CREATE TABLE "ef_temp_ModelVersions" (
                "Id" TEXT NOT NULL CONSTRAINT "PK_ModelVersions" PRIMARY KEY,
                "ArtifactPath" TEXT NOT NULL,
                "ClonedFromVersionId" TEXT NULL,
                "CreatedAt" TEXT NOT NULL,
                "Datasets" TEXT NOT NULL,
                "Labels" TEXT NOT NULL,
                "Metrics" TEXT NOT NULL,
                "ModelId" TEXT NOT NULL,
                "ModelName" TEXT NOT NULL,
                "Notes" TEXT NULL,
                "Number" INTEGER NOT NULL,
                "ParentVersionId" TEXT NULL,
                "ProjectId" TEXT NOT NULL,
                "SourceRunId" TEXT NOT NULL,
                "Task" TEXT NOT NULL,
                "TrainerKind" TEXT NOT NULL,
                "VersionLabel" TEXT NULL,
                "Window" TEXT NOT NULL,
                CONSTRAINT "FK_ModelVersions_ModelVersions_ClonedFromVersionId" FOREIGN KEY ("ClonedFromVersionId") REFERENCES "ModelVersions" ("Id"),
                CONSTRAINT "FK_ModelVersions_ModelVersions_ParentVersionId" FOREIGN KEY ("ParentVersionId") REFERENCES "ModelVersions" ("Id"),
                CONSTRAINT "FK_ModelVersions_Models_ModelId" FOREIGN KEY ("ModelId") REFERENCES "Models" ("Id") ON DELETE CASCADE,
                CONSTRAINT "FK_ModelVersions_Projects_ProjectId" FOREIGN KEY ("ProjectId") REFERENCES "Projects" ("Id") ON DELETE CASCADE,
                CONSTRAINT "FK_ModelVersions_TrainingRuns_SourceRunId" FOREIGN KEY ("SourceRunId") REFERENCES "TrainingRuns" ("Id") ON DELETE CASCADE
            );
            INSERT INTO "ef_temp_ModelVersions" ({Columns}, "ModelId")
            SELECT {Columns}, {ModelRowsForVersions.ModelOf}
            FROM "ModelVersions" v;
            DROP TABLE "ModelVersions";
            ALTER TABLE "ef_temp_ModelVersions" RENAME TO "ModelVersions";
            CREATE INDEX "IX_ModelVersions_ClonedFromVersionId" ON "ModelVersions" ("ClonedFromVersionId");
            CREATE UNIQUE INDEX "IX_ModelVersions_ModelId_Number" ON "ModelVersions" ("ModelId", "Number");
            CREATE INDEX "IX_ModelVersions_ParentVersionId" ON "ModelVersions" ("ParentVersionId");
            CREATE INDEX "IX_ModelVersions_ProjectId_ModelName" ON "ModelVersions" ("ProjectId", "ModelName");
            CREATE UNIQUE INDEX "IX_ModelVersions_SourceRunId" ON "ModelVersions" ("SourceRunId") WHERE "ClonedFromVersionId" IS NULL;
            CREATE TABLE IF NOT EXISTS "ModelAliases" (
                "ModelId" TEXT NOT NULL,
                "Name" TEXT NOT NULL,
                "VersionId" TEXT NOT NULL,
                "UpdatedAt" TEXT NOT NULL,
                CONSTRAINT "PK_ModelAliases" PRIMARY KEY ("ModelId", "Name"),
                CONSTRAINT "FK_ModelAliases_ModelVersions_VersionId" FOREIGN KEY ("VersionId") REFERENCES "ModelVersions" ("Id") ON DELETE CASCADE,
                CONSTRAINT "FK_ModelAliases_Models_ModelId" FOREIGN KEY ("ModelId") REFERENCES "Models" ("Id") ON DELETE CASCADE
            );
            CREATE INDEX IF NOT EXISTS "IX_ModelAliases_VersionId" ON "ModelAliases" ("VersionId");
            COMMIT;
            PRAGMA foreign_keys = 1;
            """, suppressTransaction: true);

        /// <summary>The columns the versions had before, copied as they are.</summary>
        private const string Columns = "\"Id\", \"ArtifactPath\", \"CreatedAt\", \"Datasets\", \"Labels\", \"Metrics\", \"ModelName\", \"Number\", " +
            "\"ParentVersionId\", \"ProjectId\", \"SourceRunId\", \"Task\", \"TrainerKind\", \"Window\"";

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_ModelVersions_ModelVersions_ClonedFromVersionId",
                table: "ModelVersions");

            migrationBuilder.DropForeignKey(
                name: "FK_ModelVersions_Models_ModelId",
                table: "ModelVersions");

            migrationBuilder.DropTable(
                name: "ModelAliases");

            migrationBuilder.DropTable(
                name: "Models");

            migrationBuilder.DropIndex(
                name: "IX_ModelVersions_ClonedFromVersionId",
                table: "ModelVersions");

            migrationBuilder.DropIndex(
                name: "IX_ModelVersions_ModelId_Number",
                table: "ModelVersions");

            migrationBuilder.DropIndex(
                name: "IX_ModelVersions_ProjectId_ModelName",
                table: "ModelVersions");

            migrationBuilder.DropIndex(
                name: "IX_ModelVersions_SourceRunId",
                table: "ModelVersions");

            migrationBuilder.DropColumn(
                name: "ClonedFromVersionId",
                table: "ModelVersions");

            migrationBuilder.DropColumn(
                name: "ModelId",
                table: "ModelVersions");

            migrationBuilder.DropColumn(
                name: "Notes",
                table: "ModelVersions");

            migrationBuilder.DropColumn(
                name: "VersionLabel",
                table: "ModelVersions");

            migrationBuilder.CreateIndex(
                name: "IX_ModelVersions_ProjectId_ModelName_Number",
                table: "ModelVersions",
                columns: new[] { "ProjectId", "ModelName", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ModelVersions_SourceRunId",
                table: "ModelVersions",
                column: "SourceRunId",
                unique: true);
        }
    }
}
