using ControlRoom.Contracts.Events;
using ControlRoom.Grains.Interactions;
using ControlRoom.Grains.Telemetry;
using ControlRoom.Simulator;

namespace ControlRoom.Host.Simulation;

/// <summary>
/// Advances the simulator to the current time on every tick and feeds its events through the same ingestor as
/// <c>POST /api/events</c>. A batch that fails is kept and sent again on the next tick: event ids are stable, so a
/// batch that was in fact applied counts as duplicates the second time.
/// </summary>
public sealed partial class SimulatorService(
    SimulatorSettings settings, EventIngestor ingestor, ControlRoomMetrics metrics, TimeProvider clock, ILogger<SimulatorService> logger) : BackgroundService
{
    /// <summary>Above this many unsent events the oldest are dropped, so an ingest outage cannot exhaust memory.</summary>
    private const int MaxPending = 100_000;

    /// <summary>Events per ingest call: a played history is sent in slices like a replay, not as one huge call.</summary>
    private const int Slice = 5_000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Playing the past takes a second or two of CPU: off the start-up path, so the host is up at once.
        await Task.Yield();
        var now = clock.GetUtcNow();
        var (liveFrom, reference) = settings.Backfill(now);
        if (reference is { } day)
        {
            await PlayReferenceDayAsync(day.From, day.To, stoppingToken);
        }

        var simulator = new TrafficSimulator(settings.Simulation, liveFrom);
        LogStarted(settings.Simulation.Seed, settings.Simulation.Intensity, liveFrom);
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
                    // In slices; a failure keeps everything pending, and what was applied counts as duplicates next time.
                    foreach (var slice in pending.Chunk(Slice))
                    {
                        await IngestAsync(slice);
                    }

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

    /// <summary>Another seed, so last week is not today's traffic again; played whole before the live simulation starts.</summary>
    private async Task PlayReferenceDayAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken stoppingToken)
    {
        var lastWeek = new TrafficSimulator(settings.Simulation with { Seed = settings.Simulation.Seed + 7 }, from);
        var events = lastWeek.Advance(to);
        try
        {
            foreach (var slice in events.Chunk(Slice))
            {
                stoppingToken.ThrowIfCancellationRequested();
                await IngestAsync(slice);
            }

            LogReferenceDay(events.Count, from);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The reference day is a comparison for the charts; the live room does not wait for it.
            LogReferenceDayFailed(ex, from);
        }
    }

    /// <summary>Through the same ingestor as the API, counted as the source <c>simulator</c>.</summary>
    private async Task IngestAsync(IReadOnlyList<ContactEvent> slice)
    {
        var measurement = metrics.StartIngest(ControlRoomMetrics.SimulatorSource, clock);
        measurement.Applied(await ingestor.IngestAsync(slice));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulator started with seed {Seed} and intensity {Intensity}, playing from {From:O}")]
    private partial void LogStarted(int seed, double intensity, DateTimeOffset from);

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulator played {Count} events of the reference day starting {From:O}")]
    private partial void LogReferenceDay(int count, DateTimeOffset from);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Simulator could not play the reference day starting {From:O}")]
    private partial void LogReferenceDayFailed(Exception exception, DateTimeOffset from);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Simulator could not ingest {Count} events; retrying on the next tick")]
    private partial void LogIngestFailed(Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Simulator dropped its {Count} oldest unsent events")]
    private partial void LogDropped(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulator stopped with {Count} events unsent")]
    private partial void LogStopped(int count);
}
