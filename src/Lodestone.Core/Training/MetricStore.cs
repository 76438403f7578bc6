using Lodestone.Data;
using Microsoft.EntityFrameworkCore;

namespace Lodestone.Training;

/// <summary>
/// Writes and reads metrics, and writes a run's params and tags with them (<see cref="LogRecordsAsync"/>). Every write is a batch (a single metric is a batch of one), upserted per (run, key, step)
/// with the latest-value projection in the same transaction. With a <see cref="MetricWriter"/> (the server and workers
/// have one) small concurrent batches share one transaction (group commit); large batches, and every batch without a
/// writer, commit on their own.
/// </summary>
public sealed class MetricStore(LodestoneDb db, RunEvents events, MetricWriter? writer = null)
{
    /// <summary>
    /// A batch larger than this already spreads its transaction over many metrics; grouping it with others only makes
    /// one thread do the work of many (measured: MLflow log-batch of 1,000 lost a third of its throughput).
    /// </summary>
    public const int MaxGroupedBatch = 100;

    public Task LogAsync(Guid runId, Guid projectId, MetricValue metric, CancellationToken cancellationToken = default) =>
        LogBatchAsync(runId, projectId, [metric], cancellationToken);

    /// <summary>Upserts the metrics of one run; a repeated (key, step) keeps the last value given. Returns once they are committed.</summary>
    public async Task LogBatchAsync(Guid runId, Guid projectId, IReadOnlyCollection<MetricValue> metrics, CancellationToken cancellationToken = default)
    {
        if (metrics.Count == 0) return;
        foreach (var m in metrics) RunRecords.CheckKey(m.Key, "metric");

        // Deduplicated by (key, step), the last value given winning, and sorted: what is written and what is published.
        IReadOnlyList<MetricValue> rows;
        if (metrics is IReadOnlyList<MetricValue> { Count: 1 } single) rows = single;
        else
        {
            var points = new Dictionary<(string, long), MetricValue>();
            foreach (var m in metrics) points[(m.Key, m.Step)] = m;
            rows = points.Values.OrderBy(m => m.Key, StringComparer.Ordinal).ThenBy(m => m.Step).ToList();
        }
        if (writer is not null && rows.Count <= MaxGroupedBatch) await writer.WriteAsync(runId, rows, cancellationToken);
        else await MetricUpsert.WriteAsync(db, [(runId, rows)], cancellationToken);

        events.Publish(new RunEvent(runId, projectId, RunEventKind.Metrics) { Metrics = rows });
    }

    /// <summary>
    /// Writes metrics, params and tags of a run in one transaction: a param that would change refuses the whole batch
    /// (<see cref="InvalidInputException"/>) and nothing of it is stored. Metrics alone take <see cref="LogBatchAsync"/>'s path.
    /// </summary>
    public async Task LogRecordsAsync(Guid runId, Guid projectId, RunRecords records, CancellationToken cancellationToken = default)
    {
        if (records.Params.Count == 0 && records.Tags.Count == 0 && records.DeletedTags is not { Count: > 0 })
        {
            await LogBatchAsync(runId, projectId, records.Metrics, cancellationToken);
            return;
        }
        records.Validate();
        var parameters = RunRecordUpsert.Distinct(records.Params, writeOnce: true);
        var tags = RunRecordUpsert.Distinct(records.Tags, writeOnce: false);
        var deleted = records.DeletedTags?.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList() ?? [];
        await MetricUpsert.WriteAsync(db, [(runId, records.Metrics)], cancellationToken, (connection, transaction, sqlite, ct) =>
            RunRecordUpsert.WriteAsync(connection, transaction, sqlite, runId, parameters, tags, deleted, ct));
        if (records.Metrics.Count > 0)
            events.Publish(new RunEvent(runId, projectId, RunEventKind.Metrics) { Metrics = MetricUpsert.Prepare([(runId, records.Metrics)]).Rows.Select(r => r.Metric).ToList() });
    }

    /// <summary>
    /// Sets the run's best step and value of its monitored metric <paramref name="key"/> from the stored history, in one
    /// statement: concurrent writers cannot lose a best (as read-modify-write of the run did), and a corrected step
    /// that was the best gives way to the next best. Ties go to the earliest step; NaN is never best.
    /// </summary>
    public Task RefreshBestAsync(Guid runId, string key, CancellationToken cancellationToken = default)
    {
        const string best = """
            FROM "Metrics" m WHERE m."RunId" = "TrainingRuns"."Id" AND m."Key" = {1} AND m."Value" IS NOT NULL
            ORDER BY CASE WHEN "TrainingRuns"."MonitorGoal" = 'Maximize' THEN -m."Value" ELSE m."Value" END, m."Step" LIMIT 1
            """;
        return db.Database.ExecuteSqlRawAsync(
            $$"""UPDATE "TrainingRuns" SET "BestStep" = (SELECT m."Step" {{best}}), "BestValue" = (SELECT m."Value" {{best}}) WHERE "Id" = {0}""",
            // EF stores a Guid in SQLite as upper-case text, which a raw parameter does not know.
            [db.Database.IsSqlite() ? runId.ToString().ToUpperInvariant() : runId, key], cancellationToken);
    }

    /// <summary>Every value of one metric of a run, by step.</summary>
    public Task<List<Metric>> HistoryAsync(Guid runId, string key, CancellationToken cancellationToken = default) =>
        db.Set<Metric>().AsNoTracking().Where(m => m.RunId == runId && m.Key == key).OrderBy(m => m.Step).ToListAsync(cancellationToken);

    /// <summary>Every metric of a run, by key then step.</summary>
    public Task<List<Metric>> AllAsync(Guid runId, CancellationToken cancellationToken = default) =>
        db.Set<Metric>().AsNoTracking().Where(m => m.RunId == runId).OrderBy(m => m.Key).ThenBy(m => m.Step).ToListAsync(cancellationToken);

    /// <summary>The latest value of each metric of the given runs.</summary>
    public async Task<Dictionary<Guid, Dictionary<string, LatestMetric>>> LatestAsync(IReadOnlyCollection<Guid> runIds, CancellationToken cancellationToken = default)
    {
        var rows = await db.Set<LatestMetric>().AsNoTracking().Where(m => runIds.Contains(m.RunId)).ToListAsync(cancellationToken);
        return rows.GroupBy(m => m.RunId).ToDictionary(g => g.Key, g => g.ToDictionary(m => m.Key));
    }
}
