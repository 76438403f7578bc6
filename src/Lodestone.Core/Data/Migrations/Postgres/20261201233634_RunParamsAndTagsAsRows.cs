using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lodestone.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RunParamsAndTagsAsRows : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RunParams",
                columns: table => new
                {
                    RunId = table.Column<Guid>(type: "uuid", nullable: false),
                    Key = table.Column<string>(type: "character varying(250)", maxLength: 250, nullable: false),
                    Value = table.Column<string>(type: "character varying(6000)", maxLength: 6000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RunParams", x => new { x.RunId, x.Key });
                    table.ForeignKey(
                        name: "FK_RunParams_TrainingRuns_RunId",
                        column: x => x.RunId,
                        principalTable: "TrainingRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RunTags",
                columns: table => new
                {
                    RunId = table.Column<Guid>(type: "uuid", nullable: false),
                    Key = table.Column<string>(type: "character varying(250)", maxLength: 250, nullable: false),
                    Value = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RunTags", x => new { x.RunId, x.Key });
                    table.ForeignKey(
                        name: "FK_RunTags_TrainingRuns_RunId",
                        column: x => x.RunId,
                        principalTable: "TrainingRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            // The values move out of the JSON columns into rows before the columns go.
            migrationBuilder.Sql("""INSERT INTO "RunParams" ("RunId", "Key", "Value") SELECT r."Id", j.key, j.value FROM "TrainingRuns" r, json_each_text(r."Params"::json) j;""");
            migrationBuilder.Sql("""INSERT INTO "RunTags" ("RunId", "Key", "Value") SELECT r."Id", j.key, j.value FROM "TrainingRuns" r, json_each_text(r."Tags"::json) j;""");

            migrationBuilder.DropColumn(
                name: "Params",
                table: "TrainingRuns");

            migrationBuilder.DropColumn(
                name: "Tags",
                table: "TrainingRuns");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RunParams");

            migrationBuilder.DropTable(
                name: "RunTags");

            migrationBuilder.AddColumn<string>(
                name: "Params",
                table: "TrainingRuns",
                type: "text",
                nullable: false,
                defaultValue: "{}");

            migrationBuilder.AddColumn<string>(
                name: "Tags",
                table: "TrainingRuns",
                type: "text",
                nullable: false,
                defaultValue: "{}");
        }
    }
}
