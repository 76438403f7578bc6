using Serilog.Core;
using Serilog.Events;

namespace Lodestone.EndToEnd;

/// <summary>What the test server logs at error level or above, as the operator's console would show it.</summary>
public sealed class ServerLog : ILogEventSink
{
    private readonly List<string> _errors = [];

    public IReadOnlyList<string> Errors
    {
        get { lock (_errors) return [.. _errors]; }
    }

    public void Emit(LogEvent logEvent)
    {
        if (logEvent.Level < LogEventLevel.Error) return;
        var source = logEvent.Properties.TryGetValue("SourceContext", out var context) ? context.ToString() : "";
        lock (_errors) _errors.Add($"{source}: {logEvent.RenderMessage()} {logEvent.Exception?.GetType().Name}: {logEvent.Exception?.Message}");
    }
}
