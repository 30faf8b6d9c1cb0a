using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace HccOutcomes.Api.Tests.Infrastructure;

/// <summary>
/// Every event the API logs during a test run (a Serilog sink registered in DI; the API reads sinks from there).
/// Tests take a <see cref="Mark"/> before acting and read what was logged <see cref="Since"/> then.
/// </summary>
public sealed class CapturedLog : ILogEventSink
{
    private readonly ConcurrentQueue<(long Sequence, LogEvent Event)> _events = new();
    private long _sequence;

    public void Emit(LogEvent logEvent)
    {
        _events.Enqueue((Interlocked.Increment(ref _sequence), logEvent));
        while (_events.Count > 20_000 && _events.TryDequeue(out _))
        {
        }
    }

    /// <summary>The position after the latest event.</summary>
    public long Mark() => Interlocked.Read(ref _sequence);

    /// <summary>The events logged after <paramref name="mark"/>.</summary>
    public IReadOnlyList<LogEvent> Since(long mark) => _events.Where(e => e.Sequence > mark).Select(e => e.Event).ToList();

    /// <summary>Everything an event would put in a log: its rendered message, every property and the exception.</summary>
    public static string Text(LogEvent e) =>
        string.Join(" | ", new[] { e.RenderMessage(), e.Exception?.ToString() ?? "" }
            .Concat(e.Properties.Select(p => $"{p.Key}={p.Value}")));

    /// <summary>A scalar property's value (null when absent).</summary>
    public static object? Property(LogEvent e, string name) =>
        e.Properties.TryGetValue(name, out var value) && value is ScalarValue scalar ? scalar.Value : null;
}
