using Lodestone.Data;
using Lodestone.Training;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Lodestone.EndToEnd;

/// <summary>
/// Waits on a run page for what it should come to show. When the wait times out, the failure says what the stored run
/// was at that moment, so that a run still training (a slow machine) and a page that missed its run's end tell apart.
/// </summary>
public static class RunPageWait
{
    public static async Task ForTextAsync(LodestoneServer server, ILocator locator, Guid runId, string text, float timeoutMs)
    {
        try
        {
            await Assertions.Expect(locator).ToContainTextAsync(text, new() { Timeout = timeoutMs });
        }
        catch (PlaywrightException e)
        {
            throw new Xunit.Sdk.XunitException($"The run page never showed '{text}' ({e.Message.Split('\n')[0]}). {await DescribeAsync(server, runId)}");
        }
    }

    private static async Task<string> DescribeAsync(LodestoneServer server, Guid runId)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LodestoneDb>();
        var run = await db.Set<TrainingRun>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId);
        if (run is null) return $"The run {runId} is not stored.";
        var logs = await db.Set<RunLogLine>().AsNoTracking().Where(l => l.RunId == runId).OrderByDescending(l => l.Id).Take(5)
            .Select(l => l.Message).ToListAsync();
        return $"The stored run is {run.State} at {run.ProgressCompleted} of {run.ProgressTotal} (attempt {run.Attempt}, " +
            $"heartbeat {run.HeartbeatAt:O}, finished {run.FinishedAt:O}, now {DateTime.UtcNow:O}); last log lines, newest first: " +
            string.Join(" | ", logs);
    }
}
