using ControlRoom.Contracts.Callbacks;
using ControlRoom.Domain.Callbacks;
using ControlRoom.Grains.Durability;
using ControlRoom.Grains.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Utilities;

namespace ControlRoom.Grains.Callbacks;

/// <summary>
/// The room's abandoned-call worklist (key 0), journaled like the queues and agents: a batch of facts that changed
/// anything, or a person's action, is appended to the grain's journal before it is answered or announced, and the
/// book is rebuilt from its snapshot plus the journal. Each change thus costs a small append, not a rewrite of the
/// whole list (up to <see cref="CallbackBook.MaxEntries"/> entries). When the journal cannot be written the grain
/// drops its memory (the next call reloads what was saved) and the caller fails: a person gets 503 and tries again;
/// a shard keeps its log entry and applies it again on its next catch-up, which the book takes as a repeat.
/// </summary>
public sealed partial class CallbackBookGrain(
    IEventStore store,
    Serializer serializer,
    IOptions<CallbackOptions> options,
    IOptions<ControlRoomGrainOptions> grainOptions,
    TimeProvider clock,
    ILogger<CallbackBookGrain> logger) : Grain, ICallbackBookGrain
{
    private readonly ObserverManager<ICallbackObserver> observers = new(TimeSpan.FromMinutes(5), logger);

    /// <summary>This activation's announcements, numbered so followers notice a gap (see <see cref="CallbackPosition"/>).</summary>
    private readonly Guid epoch = Guid.NewGuid();
    private long announced;
    private GrainJournal<CallbackBook, CallbackJournalEntry>? journal;

    private CallbackBook Book => journal!.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var every = grainOptions.Value.PersistInterval;
        journal = new GrainJournal<CallbackBook, CallbackJournalEntry>(store, serializer, clock, every, "callbacks", "0", logger, CallbackJournalEntry.Format);
        await journal.LoadAsync((book, entry) => entry.ApplyTo(book, options.Value.AutoCloseWindow), cancellationToken);
        this.RegisterGrainTimer(Tick, every, every);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (grainOptions.Value.SavesOn(reason))
        {
            await journal!.TrySnapshotAsync(now: true, cancellationToken);
        }
        else
        {
            await journal!.SettleAsync();
        }
    }

    public async Task Apply(IReadOnlyList<CallbackFact> facts)
    {
        var answersBefore = Book.AnswersRemembered;
        var changed = Book.Apply(facts, options.Value.AutoCloseWindow);
        if (changed.Count == 0 && Book.AnswersRemembered == answersBefore)
        {
            return; // a repeat: nothing to save
        }

        await Journal(new CallbackFactsEntry(facts));
        foreach (var entry in changed)
        {
            if (entry.Version == 1)
            {
                LogAbandon(entry.InteractionId, entry.QueueId);
            }
        }

        if (changed.Count > 0)
        {
            await Announce(changed);
        }
    }

    public Task<IReadOnlyList<CallbackView>> GetCallbacks() => Task.FromResult<IReadOnlyList<CallbackView>>([.. Book.Entries.Values]);

    public async Task<CallbackCommandResult> Act(string interactionId, CallbackCommand command)
    {
        var now = clock.GetUtcNow();
        var result = Book.Act(interactionId, command, now);
        if (result.Outcome != CallbackCommandOutcome.Done)
        {
            return result;
        }

        await Journal(new CallbackActionEntry(interactionId, command, now));
        LogAction(interactionId, command.Kind, command.Actor, command.Outcome);
        await Announce([result.Callback!]);
        return result;
    }

    public Task<CallbackPosition> Subscribe(ICallbackObserver observer)
    {
        observers.Subscribe(observer, observer);
        return Task.FromResult(new CallbackPosition(epoch, announced));
    }

    public Task Unsubscribe(ICallbackObserver observer)
    {
        observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    private Task Announce(IReadOnlyList<CallbackView> changed)
    {
        var position = new CallbackPosition(epoch, ++announced);
        return observers.Notify(o => o.CallbacksChanged(changed, position));
    }

    /// <summary>
    /// Journals a change already made in memory. The grain is not reentrant, so nothing reads the unsaved change
    /// before the append returns; if the append fails, the change did not happen: the memory is dropped and reloaded.
    /// </summary>
    private async Task Journal(CallbackJournalEntry entry)
    {
        try
        {
            await journal!.AppendAsync(entry);
        }
        catch (Exception ex)
        {
            LogWriteFailed(ex);
            DeactivateOnIdle();
            throw;
        }
    }

    private async Task Tick(CancellationToken cancellationToken)
    {
        // Pruning changes what a replay would derive, so it is written at once in a snapshot; should that fail, the
        // reloaded book holds the pruned entries again and the next tick prunes them anew.
        var pruned = Book.Prune(clock.GetUtcNow(), options.Value.Retention) > 0;
        if (pruned)
        {
            journal!.Schedule.Changed();
        }

        await journal!.TrySnapshotAsync(now: pruned, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Abandoned {InteractionId} on {QueueId} added to the call-back worklist")]
    private partial void LogAbandon(string interactionId, string queueId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Call-back {InteractionId}: {Action} by {Actor} ({Outcome})")]
    private partial void LogAction(string interactionId, CallbackCommandKind action, string actor, CallbackOutcome? outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The call-back worklist could not journal a change; it is refused and the saved list reloaded")]
    private partial void LogWriteFailed(Exception exception);
}
