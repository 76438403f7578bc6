using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lodestone.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RunParentVersionForeignKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_TrainingRuns_ParentModelVersionId",
                table: "TrainingRuns",
                column: "ParentModelVersionId");

            migrationBuilder.AddForeignKey(
                name: "FK_TrainingRuns_ModelVersions_ParentModelVersionId",
                table: "TrainingRuns",
                column: "ParentModelVersionId",
                principalTable: "ModelVersions",
                principalColumn: "Id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_TrainingRuns_ModelVersions_ParentModelVersionId",
                table: "TrainingRuns");

            migrationBuilder.DropIndex(
                name: "IX_TrainingRuns_ParentModelVersionId",
                table: "TrainingRuns");
        }
    }
}
