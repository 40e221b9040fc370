using ControlRoom.Contracts.Events;
using ControlRoom.Contracts.Interactions;
using ControlRoom.Grains.Durability;
using ControlRoom.Grains.Interactions;
using ControlRoom.Grains.Telemetry;
using ControlRoom.Simulator;

namespace ControlRoom.Host.Simulation;

/// <summary>
/// Advances the simulator to the current time on every tick and feeds its events through the same ingestor as
/// <c>POST /api/events</c>. A batch that fails is kept and sent again on the next tick: event ids are stable, so a
/// batch that was in fact applied counts as duplicates the second time. Its progress is durable
/// (<see cref="SimulatorProgress"/>): a restart continues the same simulation and never plays its history twice.
/// </summary>
public sealed partial class SimulatorService(
    SimulatorSettings settings, EventIngestor ingestor, IEventStore store, ControlRoomMetrics metrics, TimeProvider clock, ILogger<SimulatorService> logger) : BackgroundService
{
    /// <summary>Above this many unsent events the oldest are dropped, so an ingest outage cannot exhaust memory.</summary>
    private const int MaxPending = 100_000;

    /// <summary>Events per ingest call: a played history is sent in slices like a replay, not as one huge call.</summary>
    private const int Slice = 5_000;

    /// <summary>How often the acknowledged position is recorded (a restart re-sends at most this much, as duplicates).</summary>
    private static readonly TimeSpan SaveEvery = TimeSpan.FromSeconds(5);

    private const string Source = "simulator";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Playing the past takes a second or two of CPU: off the start-up path, so the host is up at once.
        await Task.Yield();
        var (progress, version) = await ResumeAsync(stoppingToken);
        var start = new SimulatedStart(settings.Simulation, clock.GetUtcNow(), progress.LiveFrom, progress.ReferenceFrom, progress.ReferenceTo);

        // Last week's day is only a comparison for the charts: it plays beside the live room, which comes first.
        var reference = start.ReferenceFrom is { } from && !progress.ReferencePlayed
            ? PlayReferenceDayAsync(start, from, stoppingToken)
            : null;
        var simulator = start.Live();
        LogStarted(settings.Simulation.Seed, settings.Simulation.Intensity, progress.LiveFrom, progress.Acknowledged);
        var acknowledged = progress.Acknowledged;
        var saved = clock.GetUtcNow();
        var pending = new List<ContactEvent>();
        using var timer = new PeriodicTimer(settings.Tick, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                // After a restart the first advance re-creates what was sent before: only the rest goes out.
                pending.AddRange(simulator.Advance(clock.GetUtcNow()).Where(e => SimulatorProgress.NumberOf(e) > acknowledged));
                if (pending.Count > 0)
                {
                    acknowledged = await SendAsync(pending, acknowledged, stoppingToken);
                }

                var referenceDone = reference is { IsCompletedSuccessfully: true } && reference.Result;
                if (referenceDone || (acknowledged > progress.Acknowledged && clock.GetUtcNow() - saved >= SaveEvery))
                {
                    reference = referenceDone ? null : reference;
                    progress = progress with { Acknowledged = acknowledged, ReferencePlayed = progress.ReferencePlayed || referenceDone };
                    version = await TrySaveAsync(progress, version, stoppingToken);
                    saved = clock.GetUtcNow();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            LogStopped(pending.Count);
        }
    }

    /// <summary>The recorded progress of this seed, or a new one (recorded before anything is played).</summary>
    private async Task<(SimulatorProgress Progress, long Version)> ResumeAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                var (stored, version) = await SimulatorProgress.LoadAsync(store, stoppingToken);
                if (stored is not null && stored.Seed == settings.Simulation.Seed)
                {
                    return (stored, version);
                }

                var start = settings.Start(clock.GetUtcNow());
                var progress = new SimulatorProgress(start.LiveFrom, settings.Simulation.Seed, start.ReferenceFrom, start.ReferenceTo, false, 0);
                return (progress, await progress.SaveAsync(store, version, stoppingToken));
            }
            catch (Exception ex) when (ex is StoreUnavailableException or StreamConflictException)
            {
                LogWaitingForStore(ex);
                await Task.Delay(delay, clock, stoppingToken);
            }
        }
    }

    /// <summary>Sends in slices; a failure keeps the rest pending. Returns the number of the last event acknowledged.</summary>
    private async Task<long> SendAsync(List<ContactEvent> pending, long acknowledged, CancellationToken stoppingToken)
    {
        try
        {
            while (pending.Count > 0)
            {
                var slice = pending.Take(Slice).ToList();
                await IngestAsync(slice, stoppingToken);
                acknowledged = Math.Max(acknowledged, SimulatorProgress.NumberOf(slice[^1]));
                pending.RemoveRange(0, slice.Count);
            }
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

        return acknowledged;
    }

    private async Task<long> TrySaveAsync(SimulatorProgress progress, long version, CancellationToken stoppingToken)
    {
        try
        {
            return await progress.SaveAsync(store, version, stoppingToken);
        }
        catch (Exception ex) when (ex is StoreUnavailableException)
        {
            LogProgressNotSaved(ex);
            return version;
        }
    }

    /// <summary>
    /// Last week's day, played whole and closed (<see cref="SimulatedStart.ReferenceDay"/>) so none of it stays open in
    /// today's backlog; replayed whole after a restart before it was recorded as played (its ids repeat, as duplicates).
    /// </summary>
    private async Task<bool> PlayReferenceDayAsync(SimulatedStart start, DateTimeOffset from, CancellationToken stoppingToken)
    {
        await Task.Yield();
        var events = start.ReferenceDay();
        try
        {
            foreach (var slice in SimulatedStart.WholeContactSlices(events, Slice))
            {
                await IngestAsync(slice, stoppingToken);
            }

            LogReferenceDay(events.Count, from);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The reference day is a comparison for the charts; the live room does not wait for it.
            LogReferenceDayFailed(ex, from);
            return false;
        }
    }

    /// <summary>Through the same ingestor as the API, logged and counted as the source <c>simulator</c>.</summary>
    private async Task<IngestResult> IngestAsync(IReadOnlyList<ContactEvent> slice, CancellationToken stoppingToken)
    {
        var measurement = metrics.StartIngest(ControlRoomMetrics.SimulatorSource, clock);
        var result = await ingestor.IngestAsync(slice, Source, stoppingToken);
        measurement.Applied(result);
        return result;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulator started with seed {Seed} and intensity {Intensity}, playing from {From:O} (events up to {Acknowledged} already sent)")]
    private partial void LogStarted(int seed, double intensity, DateTimeOffset from, long acknowledged);

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulator played {Count} events of the reference day starting {From:O}")]
    private partial void LogReferenceDay(int count, DateTimeOffset from);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Simulator could not play the reference day starting {From:O}")]
    private partial void LogReferenceDayFailed(Exception exception, DateTimeOffset from);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Simulator could not ingest {Count} events; retrying on the next tick")]
    private partial void LogIngestFailed(Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Simulator dropped its {Count} oldest unsent events")]
    private partial void LogDropped(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Simulator could not record its progress; a restart would re-send a little more (counted as duplicates)")]
    private partial void LogProgressNotSaved(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Simulator waiting for the store to record where it starts")]
    private partial void LogWaitingForStore(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulator stopped with {Count} events unsent")]
    private partial void LogStopped(int count);
}
