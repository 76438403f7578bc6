using System.Security.Claims;
using System.Text;
using Lodestone.Projects;
using Microsoft.AspNetCore.Authorization;
using Lodestone.Training;
using Microsoft.EntityFrameworkCore;

namespace Lodestone.Mlflow;

/// <summary><c>runs/search</c>: the runs of the given experiments, filtered and ordered as MLflow's search does, in pages.</summary>
internal static class MlflowSearch
{
    public static async Task<IResult> SearchRuns(HttpRequest request, ClaimsPrincipal user, ProjectService projects, IAuthorizationService authorization, TrainingService training,
        MetricStore metrics, CancellationToken ct)
    {
        var body = await MlflowJson.ReadAsync<SearchRunsBody>(request);
        var projectIds = new List<Guid>();
        foreach (var experiment in body.ExperimentIds ?? [])
            projectIds.Add((await MlflowExperiments.ResolveAsync(experiment, user, projects, authorization, ProjectRole.Viewer, ct)).Id);
        var clauses = string.IsNullOrWhiteSpace(body.Filter) ? [] : MlflowFilter.Parse(body.Filter);
        var view = (body.RunViewType ?? "ACTIVE_ONLY").ToUpperInvariant();

        var query = training.Runs.AsNoTracking().Where(r => projectIds.Contains(r.ProjectId));
        query = view switch
        {
            "DELETED_ONLY" => query.Where(r => r.DeletedAt != null),
            "ALL" => query,
            _ => query.Where(r => r.DeletedAt == null),
        };
        var runs = await query.ToListAsync(ct);
        var latest = await metrics.LatestAsync(runs.Select(r => r.Id).ToList(), ct);
        var found = runs.Select(r => (Run: r, Latest: latest.GetValueOrDefault(r.Id) ?? []))
            .Where(x =>
            {
                // A client that leaves stops the search: it no longer holds a core for an answer nobody reads.
                ct.ThrowIfCancellationRequested();
                return clauses.All(c => Matches(x.Run, x.Latest, c));
            });
        found = Order(found, body.OrderBy ?? []);

        var offset = OffsetOf(body.PageToken);
        var max = (int)Math.Clamp(body.MaxResults ?? 1000, 1, 50_000);
        var page = found.Skip(offset).Take(max + 1).ToList();
        return MlflowJson.Ok(new
        {
            runs = page.Take(max).Select(x => MlflowRuns.Of(x.Run, x.Latest.Values)).ToList(),
            next_page_token = page.Count > max ? TokenOf(offset + max) : null,
        });
    }

    private static bool Matches(TrainingRun run, Dictionary<string, LatestMetric> latest, MlflowFilter.Clause clause) => clause.Entity switch
    {
        "metric" => MlflowFilter.Compare(latest.TryGetValue(clause.Key, out var m) ? m.Value : null, clause.Comparator, clause.Value),
        "param" => MlflowFilter.Compare(run.Params.GetValueOrDefault(clause.Key), clause.Comparator, clause.Value),
        "tag" => MlflowFilter.Compare(run.Tags.GetValueOrDefault(clause.Key), clause.Comparator, clause.Value),
        _ => AttributeOf(run, clause.Key) switch
        {
            double number => MlflowFilter.Compare(number, clause.Comparator, clause.Value),
            string text => MlflowFilter.Compare(text, clause.Comparator, clause.Value),
            _ => false,
        },
    };

    private static object? AttributeOf(TrainingRun run, string key)
    {
        var info = MlflowRuns.Of(run, []).Info;
        return key.ToLowerInvariant() switch
        {
            "run_name" or "runname" => info.RunName,
            "status" => info.Status,
            "start_time" => (double)info.StartTime,
            "end_time" => info.EndTime is { } end ? (double)end : null,
            "run_id" or "run_uuid" => info.RunId,
            "user_id" => info.UserId,
            "artifact_uri" => info.ArtifactUri,
            "lifecycle_stage" => info.LifecycleStage,
            _ => throw MlflowException.InvalidParameter($"Invalid attribute key '{key}'."),
        };
    }

    private static IEnumerable<(TrainingRun Run, Dictionary<string, LatestMetric> Latest)> Order(
        IEnumerable<(TrainingRun Run, Dictionary<string, LatestMetric> Latest)> runs, IReadOnlyList<string> orderBy)
    {
        // MLflow's default: newest start first, then run id.
        IOrderedEnumerable<(TrainingRun Run, Dictionary<string, LatestMetric> Latest)>? ordered = null;
        foreach (var term in orderBy)
        {
            var parts = term.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var descending = parts.Length > 1 && parts[^1].Equals("DESC", StringComparison.OrdinalIgnoreCase);
            var field = parts.Length > 1 && parts[^1].ToUpperInvariant() is "ASC" or "DESC" ? string.Join(' ', parts[..^1]) : term.Trim();
            var clause = MlflowFilter.Parse($"{field} = 0")[0];
            Func<(TrainingRun Run, Dictionary<string, LatestMetric> Latest), IComparable?> key = clause.Entity switch
            {
                "metric" => x => x.Latest.TryGetValue(clause.Key, out var m) ? m.Value : null,
                "param" => x => x.Run.Params.GetValueOrDefault(clause.Key),
                "tag" => x => x.Run.Tags.GetValueOrDefault(clause.Key),
                _ => x => AttributeOf(x.Run, clause.Key) as IComparable,
            };
            // Runs without the value go last in either direction, as in MLflow.
            ordered = ordered is null
                ? runs.OrderBy(x => key(x) is null)
                : ordered.ThenBy(x => key(x) is null);
            ordered = descending ? ordered.ThenByDescending(key, NullSafe) : ordered.ThenBy(key, NullSafe);
        }
        return (ordered ?? runs.OrderBy(_ => 0)).ThenByDescending(x => x.Run.StartedAt ?? x.Run.CreatedAt).ThenBy(x => x.Run.Id);
    }

    private static readonly Comparer<IComparable?> NullSafe = Comparer<IComparable?>.Create((a, b) =>
        a is null ? (b is null ? 0 : 1) : b is null ? -1 : a.CompareTo(b));

    public static int OffsetOf(string? token)
    {
        if (string.IsNullOrEmpty(token)) return 0;
        try
        {
            var offset = int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(token)), System.Globalization.CultureInfo.InvariantCulture);
            return offset >= 0 ? offset : throw new FormatException();
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw MlflowException.InvalidParameter("Invalid page token.");
        }
    }

    public static string TokenOf(int offset) => Convert.ToBase64String(Encoding.UTF8.GetBytes(offset.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
