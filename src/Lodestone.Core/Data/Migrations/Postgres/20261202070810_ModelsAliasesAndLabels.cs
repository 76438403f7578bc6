using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lodestone.Data.Migrations.Postgres
{
    /// <summary>
    /// Models become rows (name, task, tags, category, author, description, metadata) with aliases pointing at their
    /// versions; versions gain a label, notes and the version they were cloned from, and are numbered per model. Every
    /// model name that has versions becomes a model, before the versions' key to it is required.
    /// </summary>
    public partial class ModelsAliasesAndLabels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ModelVersions_ProjectId_ModelName_Number",
                table: "ModelVersions");

            migrationBuilder.DropIndex(
                name: "IX_ModelVersions_SourceRunId",
                table: "ModelVersions");

            migrationBuilder.AddColumn<Guid>(
                name: "ClonedFromVersionId",
                table: "ModelVersions",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ModelId",
                table: "ModelVersions",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<string>(
                name: "Notes",
                table: "ModelVersions",
                type: "character varying(5000)",
                maxLength: 5000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "VersionLabel",
                table: "ModelVersions",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Models",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ProjectId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Task = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    Tags = table.Column<string>(type: "text", nullable: false),
                    Category = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Author = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Description = table.Column<string>(type: "character varying(5000)", maxLength: 5000, nullable: false),
                    Metadata = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Models", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Models_Projects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "Projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ModelAliases",
                columns: table => new
                {
                    ModelId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    VersionId = table.Column<Guid>(type: "uuid", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ModelAliases", x => new { x.ModelId, x.Name });
                    table.ForeignKey(
                        name: "FK_ModelAliases_ModelVersions_VersionId",
                        column: x => x.VersionId,
                        principalTable: "ModelVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ModelAliases_Models_ModelId",
                        column: x => x.ModelId,
                        principalTable: "Models",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.Sql(ModelRowsForVersions.Insert);
            migrationBuilder.Sql($"""UPDATE "ModelVersions" v SET "ModelId" = {ModelRowsForVersions.ModelOf};""");

            migrationBuilder.CreateIndex(
                name: "IX_ModelVersions_ClonedFromVersionId",
                table: "ModelVersions",
                column: "ClonedFromVersionId");

            migrationBuilder.CreateIndex(
                name: "IX_ModelVersions_ModelId_Number",
                table: "ModelVersions",
                columns: new[] { "ModelId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ModelVersions_ProjectId_ModelName",
                table: "ModelVersions",
                columns: new[] { "ProjectId", "ModelName" });

            migrationBuilder.CreateIndex(
                name: "IX_ModelVersions_SourceRunId",
                table: "ModelVersions",
                column: "SourceRunId",
                unique: true,
                filter: "\"ClonedFromVersionId\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_ModelAliases_VersionId",
                table: "ModelAliases",
                column: "VersionId");

            migrationBuilder.CreateIndex(
                name: "IX_Models_ProjectId_Name",
                table: "Models",
                columns: new[] { "ProjectId", "Name" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_ModelVersions_ModelVersions_ClonedFromVersionId",
                table: "ModelVersions",
                column: "ClonedFromVersionId",
                principalTable: "ModelVersions",
                principalColumn: "Id");

            migrationBuilder.AddForeignKey(
                name: "FK_ModelVersions_Models_ModelId",
                table: "ModelVersions",
                column: "ModelId",
                principalTable: "Models",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);
        }

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
