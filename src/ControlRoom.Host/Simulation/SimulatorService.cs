using ControlRoom.Contracts.Events;
using ControlRoom.Host.Ingest;
using ControlRoom.Simulator;

namespace ControlRoom.Host.Simulation;

/// <summary>
/// Advances the simulator to the current time on every tick and feeds its events through the same ingestor as
/// <c>POST /api/events</c>. A batch that fails is kept and sent again on the next tick: event ids are stable, so a
/// batch that was in fact applied counts as duplicates the second time.
/// </summary>
public sealed partial class SimulatorService(
    SimulatorSettings settings, EventIngestor ingestor, TimeProvider clock, ILogger<SimulatorService> logger) : BackgroundService
{
    /// <summary>Above this many unsent events the oldest are dropped, so an ingest outage cannot exhaust memory.</summary>
    private const int MaxPending = 100_000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var simulator = new TrafficSimulator(settings.Simulation, clock.GetUtcNow());
        LogStarted(settings.Simulation.Seed, settings.Simulation.Intensity);
        var pending = new List<ContactEvent>();
        using var timer = new PeriodicTimer(settings.Tick, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                pending.AddRange(simulator.Advance(clock.GetUtcNow()));
                if (pending.Count == 0)
                {
                    continue;
                }

                try
                {
                    await ingestor.IngestAsync(pending);
                    pending.Clear();
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogIngestFailed(ex, pending.Count);
                    if (pending.Count > MaxPending)
                    {
                        LogDropped(pending.Count - MaxPending);
                        pending.RemoveRange(0, pending.Count - MaxPending);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            LogStopped(pending.Count);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulator started with seed {Seed} and intensity {Intensity}")]
    private partial void LogStarted(int seed, double intensity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Simulator could not ingest {Count} events; retrying on the next tick")]
    private partial void LogIngestFailed(Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Simulator dropped its {Count} oldest unsent events")]
    private partial void LogDropped(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulator stopped with {Count} events unsent")]
    private partial void LogStopped(int count);
}
