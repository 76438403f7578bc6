using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lodestone.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddModelVersions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ModelVersions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ProjectId = table.Column<Guid>(type: "uuid", nullable: false),
                    ModelName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    SourceRunId = table.Column<Guid>(type: "uuid", nullable: false),
                    ParentVersionId = table.Column<Guid>(type: "uuid", nullable: true),
                    TrainerKind = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Task = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Datasets = table.Column<string>(type: "text", nullable: false),
                    Labels = table.Column<string>(type: "text", nullable: false),
                    Window = table.Column<string>(type: "text", nullable: false),
                    Metrics = table.Column<string>(type: "text", nullable: false),
                    ArtifactPath = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ModelVersions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ModelVersions_ModelVersions_ParentVersionId",
                        column: x => x.ParentVersionId,
                        principalTable: "ModelVersions",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_ModelVersions_Projects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "Projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ModelVersions_TrainingRuns_SourceRunId",
                        column: x => x.SourceRunId,
                        principalTable: "TrainingRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ModelVersions_ParentVersionId",
                table: "ModelVersions",
                column: "ParentVersionId");

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

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ModelVersions");
        }
    }
}
