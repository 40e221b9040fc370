using Orleans.Concurrency;

namespace ControlRoom.Contracts.Callbacks;

[GenerateSerializer, Alias("cr.CallbackCommandKind")]
public enum CallbackCommandKind
{
    Claim,
    Done,
}

/// <summary>A person acting on a call-back; validated by the host before it reaches the grain.</summary>
[GenerateSerializer, Immutable, Alias("cr.CallbackCommand")]
public sealed record CallbackCommand(
    [property: Id(0)] CallbackCommandKind Kind,
    [property: Id(1)] string Actor,
    [property: Id(2)] string? Note,
    [property: Id(3)] CallbackOutcome? Outcome);

[GenerateSerializer, Alias("cr.CallbackCommandOutcome")]
public enum CallbackCommandOutcome
{
    Done,
    NotFound,
    Conflict,
}

[GenerateSerializer, Immutable, Alias("cr.CallbackCommandResult")]
public sealed record CallbackCommandResult(
    [property: Id(0)] CallbackCommandOutcome Outcome,
    [property: Id(1)] CallbackView? Callback,
    [property: Id(2)] string? Reason);

/// <summary>The abandoned-call worklist of the whole room (key 0): one book, because a customer answered on any queue closes it.</summary>
[Alias("cr.ICallbackBookGrain")]
public interface ICallbackBookGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Applies the abandons and answers of one log entry, durably before returning; a repeated fact changes nothing. The
    /// list is not copied on the way (the shard hands over a list it keeps no more).
    /// </summary>
    [Alias("Apply")]
    Task Apply([Immutable] IReadOnlyList<CallbackFact> facts);

    [Alias("GetCallbacks")]
    Task<IReadOnlyList<CallbackView>> GetCallbacks();

    [Alias("Act")]
    Task<CallbackCommandResult> Act(string interactionId, CallbackCommand command);

    /// <returns>The number of the book's latest announcement: a follower that has not seen it reads the list again.</returns>
    [Alias("Subscribe")]
    Task<CallbackPosition> Subscribe(ICallbackObserver observer);

    [Alias("Unsubscribe")]
    Task Unsubscribe(ICallbackObserver observer);
}

/// <summary>A host node following the worklist for its pages.</summary>
[Alias("cr.ICallbackObserver")]
public interface ICallbackObserver : IGrainObserver
{
    [OneWay, Alias("CallbacksChanged")]
    Task CallbacksChanged(IReadOnlyList<CallbackView> changed, CallbackPosition position);
}

/// <summary>
/// An announcement's number: the book numbers them 1, 2, 3… within one activation (its epoch), so a follower knows
/// whether it has missed one (a one-way message lost, or the book moved) and must read the whole list again.
/// </summary>
[GenerateSerializer, Immutable, Alias("cr.CallbackPosition")]
public readonly record struct CallbackPosition([property: Id(0)] Guid Epoch, [property: Id(1)] long Sequence);
