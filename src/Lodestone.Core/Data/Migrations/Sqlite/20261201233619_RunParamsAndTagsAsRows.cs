using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lodestone.Data.Migrations.Sqlite
{
    /// <summary>Params and tags leave the runs' JSON columns for rows keyed by (run, key), so concurrent writers no longer overwrite each other.</summary>
    public partial class RunParamsAndTagsAsRows : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RunParams",
                columns: table => new
                {
                    RunId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 250, nullable: false),
                    Value = table.Column<string>(type: "TEXT", maxLength: 6000, nullable: false)
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
                    RunId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 250, nullable: false),
                    Value = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false)
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
            migrationBuilder.Sql("""INSERT INTO "RunParams" ("RunId", "Key", "Value") SELECT r."Id", j.key, j.value FROM "TrainingRuns" r, json_each(r."Params") j WHERE json_valid(r."Params");""");
            migrationBuilder.Sql("""INSERT INTO "RunTags" ("RunId", "Key", "Value") SELECT r."Id", j.key, j.value FROM "TrainingRuns" r, json_each(r."Tags") j WHERE json_valid(r."Tags");""");

            // SQLite's own DROP COLUMN (3.35 and later) runs inside the migration's transaction; EF's DropColumn
            // rebuilds the table between foreign-key pragmas, outside any transaction, where a kill leaves half a schema.
            migrationBuilder.Sql("""ALTER TABLE "TrainingRuns" DROP COLUMN "Params";""");
            migrationBuilder.Sql("""ALTER TABLE "TrainingRuns" DROP COLUMN "Tags";""");
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
                type: "TEXT",
                nullable: false,
                defaultValue: "{}");

            migrationBuilder.AddColumn<string>(
                name: "Tags",
                table: "TrainingRuns",
                type: "TEXT",
                nullable: false,
                defaultValue: "{}");
        }
    }
}
