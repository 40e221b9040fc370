using ControlRoom.Contracts.Callbacks;
using ControlRoom.Domain.Callbacks;
using ControlRoom.Grains.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Utilities;

namespace ControlRoom.Grains.Callbacks;

/// <summary>
/// The room's abandoned-call worklist (key 0). An entry or a person's action is written before it is answered or
/// announced: when the store cannot be written the grain drops its memory (the next call reloads what was saved)
/// and the caller fails: a person gets 503 and tries again; a shard keeps its log entry and applies it again on its
/// next catch-up, which the book takes as a repeat. Answers that closed nothing are written with the next change or
/// within <see cref="ControlRoomGrainOptions.PersistInterval"/>.
/// </summary>
public sealed partial class CallbackBookGrain(
    [PersistentState("callbacks", StorageNames.State)] IPersistentState<CallbackBook> state,
    IOptions<CallbackOptions> options,
    IOptions<ControlRoomGrainOptions> grainOptions,
    TimeProvider clock,
    ILogger<CallbackBookGrain> logger) : Grain, ICallbackBookGrain
{
    private readonly ObserverManager<ICallbackObserver> observers = new(TimeSpan.FromMinutes(5), logger);
    private bool dirty;

    private CallbackBook Book => state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var every = grainOptions.Value.PersistInterval;
        this.RegisterGrainTimer(Tick, every, every);
        return Task.CompletedTask;
    }

    public async Task Apply(IReadOnlyList<CallbackFact> facts)
    {
        var answersBefore = Book.Answers.Sum(a => a.Value.Count);
        var changed = Book.Apply(facts, options.Value.AutoCloseWindow);
        if (changed.Count == 0)
        {
            dirty |= Book.Answers.Sum(a => a.Value.Count) != answersBefore;
            return;
        }

        await Write();
        foreach (var entry in changed)
        {
            if (entry.Version == 1)
            {
                LogAbandon(entry.InteractionId, entry.QueueId);
            }
        }

        await observers.Notify(o => o.CallbacksChanged(changed));
    }

    public Task<IReadOnlyList<CallbackView>> GetCallbacks() => Task.FromResult<IReadOnlyList<CallbackView>>([.. Book.Entries.Values]);

    public async Task<CallbackCommandResult> Act(string interactionId, CallbackCommand command)
    {
        var result = Book.Act(interactionId, command, clock.GetUtcNow());
        if (result.Outcome != CallbackCommandOutcome.Done)
        {
            return result;
        }

        await Write();
        LogAction(interactionId, command.Kind, command.Actor, command.Outcome);
        await observers.Notify(o => o.CallbacksChanged([result.Callback!]));
        return result;
    }

    public Task Subscribe(ICallbackObserver observer)
    {
        observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task Unsubscribe(ICallbackObserver observer)
    {
        observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    private async Task Write()
    {
        try
        {
            await state.WriteStateAsync();
            dirty = false;
        }
        catch (Exception ex)
        {
            // What is in memory was not saved, so it did not happen: reload the saved book on the next call.
            LogWriteFailed(ex);
            DeactivateOnIdle();
            throw;
        }
    }

    private async Task Tick(CancellationToken cancellationToken)
    {
        dirty |= Book.Prune(clock.GetUtcNow(), options.Value.Retention) > 0;
        if (dirty)
        {
            try
            {
                await Write();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Logged in Write; the log entries behind these answers replay on the reload.
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Abandoned {InteractionId} on {QueueId} added to the call-back worklist")]
    private partial void LogAbandon(string interactionId, string queueId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Call-back {InteractionId}: {Action} by {Actor} ({Outcome})")]
    private partial void LogAction(string interactionId, CallbackCommandKind action, string actor, CallbackOutcome? outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The call-back worklist could not be saved; the change is refused and the saved list reloaded")]
    private partial void LogWriteFailed(Exception exception);
}
