using Hangfire;
using Lodestone.Infrastructure;
using Lodestone.Training;
using Microsoft.Extensions.DependencyInjection;

namespace Lodestone.Jobs;

/// <summary>
/// Every host builds its training jobs from its own services. Hangfire's static activator belongs to whichever host
/// configured Hangfire last; a host whose worker took it would look for its runs in another host's database, find
/// none, and leave them queued (a run once stayed queued for a minute while other test classes started hosts).
/// </summary>
[Collection(AppHostsCollection.Name)]
public sealed class JobActivatorTests
{
    [Fact]
    public async Task Each_host_activates_its_jobs_from_its_own_services_and_not_through_hangfires_static_activator()
    {
        using var first = new LodestoneAppFactory();
        await first.CreateUserAsync();
        using var second = new LodestoneAppFactory();
        await second.CreateUserAsync();

        foreach (var (host, other) in new[] { (first, second), (second, first) })
        {
            var activator = host.Services.GetRequiredService<JobActivator>();
            Assert.NotSame(JobActivator.Current, activator);
            // The activator reads nothing of the job it is given: a scope is a scope of the host's services.
            using var scope = activator.BeginScope((JobActivatorContext)null!);
            var events = scope.Resolve(typeof(RunEvents));
            Assert.Same(host.Services.GetRequiredService<RunEvents>(), events);
            Assert.NotSame(other.Services.GetRequiredService<RunEvents>(), events);
            Assert.IsType<TrainingJob>(scope.Resolve(typeof(TrainingJob)));
        }
    }
}
