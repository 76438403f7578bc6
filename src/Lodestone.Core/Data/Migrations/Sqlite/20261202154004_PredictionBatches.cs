using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lodestone.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PredictionBatches : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PredictionBatches",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProjectId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ModelVersionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ModelName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    VersionNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    Task = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    DatasetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SourceRunId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ProgressCompleted = table.Column<int>(type: "INTEGER", nullable: false),
                    ProgressTotal = table.Column<int>(type: "INTEGER", nullable: false),
                    Attempt = table.Column<int>(type: "INTEGER", nullable: false),
                    HeartbeatAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    WindowCount = table.Column<long>(type: "INTEGER", nullable: false),
                    FlaggedCount = table.Column<long>(type: "INTEGER", nullable: true),
                    LabelCounts = table.Column<string>(type: "TEXT", nullable: false),
                    ScoreMin = table.Column<double>(type: "REAL", nullable: true),
                    ScoreMax = table.Column<double>(type: "REAL", nullable: true),
                    ScoreMean = table.Column<double>(type: "REAL", nullable: true),
                    Threshold = table.Column<double>(type: "REAL", nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FinishedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PredictionBatches", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PredictionBatches_Datasets_DatasetId",
                        column: x => x.DatasetId,
                        principalTable: "Datasets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_PredictionBatches_ModelVersions_ModelVersionId",
                        column: x => x.ModelVersionId,
                        principalTable: "ModelVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_PredictionBatches_Projects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "Projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PredictionBatches_DatasetId",
                table: "PredictionBatches",
                column: "DatasetId");

            migrationBuilder.CreateIndex(
                name: "IX_PredictionBatches_ModelVersionId",
                table: "PredictionBatches",
                column: "ModelVersionId");

            migrationBuilder.CreateIndex(
                name: "IX_PredictionBatches_ProjectId_DatasetId",
                table: "PredictionBatches",
                columns: new[] { "ProjectId", "DatasetId" });

            migrationBuilder.CreateIndex(
                name: "IX_PredictionBatches_State",
                table: "PredictionBatches",
                column: "State");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PredictionBatches");
        }
    }
}
