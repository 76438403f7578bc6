using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Lodestone.Data.Migrations.Sqlite
{
    /// <summary>
    /// The TrainingRuns.ParentModelVersionId foreign key. SQLite adds a foreign key only by rebuilding the table, and the
    /// rebuild must drop the old table with foreign keys off (on, the drop would cascade to the runs' metrics, logs and
    /// versions), which no transaction can do. EF's own rebuild split this migration into three transactions around
    /// the pragmas, so a process killed in between left a half-built schema that no later start could migrate. Here it
    /// is one operation: every schema change in one transaction, between the pragmas, and nothing in it fails when it
    /// runs again, so a process killed before the history row is written migrates on its next start.
    /// </summary>
    public partial class RunParentVersionForeignKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) =>
            migrationBuilder.Sql(Rebuild(withParentVersionKey: true), suppressTransaction: true);

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) =>
            migrationBuilder.Sql(Rebuild(withParentVersionKey: false), suppressTransaction: true);

        private static string Rebuild(bool withParentVersionKey) => $"""
            PRAGMA foreign_keys = 0;
            BEGIN IMMEDIATE;
            DROP TABLE IF EXISTS "ef_temp_TrainingRuns";
            CREATE TABLE "ef_temp_TrainingRuns" (
                "Id" TEXT NOT NULL CONSTRAINT "PK_TrainingRuns" PRIMARY KEY,
                "Attempt" INTEGER NOT NULL,
                "AttemptStartedAt" TEXT NULL,
                "BestStep" INTEGER NULL,
                "BestValue" REAL NULL,
                "CancelRequestedAt" TEXT NULL,
                "CheckpointStep" INTEGER NULL,
                "Config" TEXT NOT NULL,
                "CreatedAt" TEXT NOT NULL,
                "DatasetIds" TEXT NOT NULL,
                "DeletedAt" TEXT NULL,
                "EstimatedFinishAt" TEXT NULL,
                "FailureReason" TEXT NULL,
                "FinalMetrics" TEXT NOT NULL,
                "FinishedAt" TEXT NULL,
                "Hardware" TEXT NOT NULL,
                "HeartbeatAt" TEXT NULL,
                "IsExternal" INTEGER NOT NULL,
                "MonitorGoal" TEXT NOT NULL,
                "MonitorMetric" TEXT NULL,
                "Name" TEXT NOT NULL,
                "OwnerId" TEXT NOT NULL,
                "Params" TEXT NOT NULL,
                "ParentModelVersionId" TEXT NULL,
                "ProgressAtAttemptStart" INTEGER NOT NULL,
                "ProgressCompleted" INTEGER NOT NULL,
                "ProgressTotal" INTEGER NOT NULL,
                "ProjectId" TEXT NOT NULL,
                "Queue" TEXT NOT NULL,
                "StartedAt" TEXT NULL,
                "State" TEXT NOT NULL,
                "Tags" TEXT NOT NULL,
                "TrainerKind" TEXT NOT NULL,
                "Worker" TEXT NULL,
                {(withParentVersionKey ? "CONSTRAINT \"FK_TrainingRuns_ModelVersions_ParentModelVersionId\" FOREIGN KEY (\"ParentModelVersionId\") REFERENCES \"ModelVersions\" (\"Id\")," : "")}
                CONSTRAINT "FK_TrainingRuns_Projects_ProjectId" FOREIGN KEY ("ProjectId") REFERENCES "Projects" ("Id") ON DELETE CASCADE,
                CONSTRAINT "FK_TrainingRuns_Users_OwnerId" FOREIGN KEY ("OwnerId") REFERENCES "Users" ("Id") ON DELETE RESTRICT
            );
            INSERT INTO "ef_temp_TrainingRuns" ({Columns})
            SELECT {Columns}
            FROM "TrainingRuns";
            DROP TABLE "TrainingRuns";
            ALTER TABLE "ef_temp_TrainingRuns" RENAME TO "TrainingRuns";
            CREATE INDEX "IX_TrainingRuns_OwnerId" ON "TrainingRuns" ("OwnerId");
            {(withParentVersionKey ? "CREATE INDEX \"IX_TrainingRuns_ParentModelVersionId\" ON \"TrainingRuns\" (\"ParentModelVersionId\");" : "")}
            CREATE INDEX "IX_TrainingRuns_ProjectId_CreatedAt" ON "TrainingRuns" ("ProjectId", "CreatedAt");
            CREATE INDEX "IX_TrainingRuns_ProjectId_State" ON "TrainingRuns" ("ProjectId", "State");
            COMMIT;
            PRAGMA foreign_keys = 1;
            """;

        private const string Columns = "\"Id\", \"Attempt\", \"AttemptStartedAt\", \"BestStep\", \"BestValue\", \"CancelRequestedAt\", " +
            "\"CheckpointStep\", \"Config\", \"CreatedAt\", \"DatasetIds\", \"DeletedAt\", \"EstimatedFinishAt\", \"FailureReason\", " +
            "\"FinalMetrics\", \"FinishedAt\", \"Hardware\", \"HeartbeatAt\", \"IsExternal\", \"MonitorGoal\", \"MonitorMetric\", \"Name\", " +
            "\"OwnerId\", \"Params\", \"ParentModelVersionId\", \"ProgressAtAttemptStart\", \"ProgressCompleted\", \"ProgressTotal\", " +
            "\"ProjectId\", \"Queue\", \"StartedAt\", \"State\", \"Tags\", \"TrainerKind\", \"Worker\"";
    }
}
