using Lodestone.Trainers;

namespace Lodestone.Training;

/// <summary>
/// Turns a run's datasets into the windows its trainer fits on. The sample store implements it; the run's config
/// (a JSON object) carries the windowing settings, by convention under <c>"window"</c>, next to the trainer's options.
/// </summary>
public interface IWindowSource
{
    Task<WindowSet> LoadAsync(WindowRequest request, CancellationToken cancellationToken);
}
