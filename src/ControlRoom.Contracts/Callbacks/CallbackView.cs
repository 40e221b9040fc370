using ControlRoom.Contracts.Events;

namespace ControlRoom.Contracts.Callbacks;

/// <summary>Where a call-back is: open → claimed → done, or closed by itself when the customer was answered later.</summary>
[GenerateSerializer, Alias("cr.CallbackStatus")]
public enum CallbackStatus
{
    Open,
    Claimed,
    Done,

    /// <summary>The same customer was answered later (any queue) within the auto-close window.</summary>
    AutoClosed,
}

/// <summary>What a team lead reports after calling the customer back.</summary>
[GenerateSerializer, Alias("cr.CallbackOutcome")]
public enum CallbackOutcome
{
    Reached,
    NoAnswer,
    Voicemail,
    WrongNumber,
}

[GenerateSerializer, Alias("cr.CallbackAction")]
public enum CallbackAction
{
    Abandoned,
    Claimed,
    Done,
    AutoClosed,
    CalledAgain,
}

/// <summary>One audit entry: who did what, when.</summary>
[GenerateSerializer, Immutable, Alias("cr.CallbackEntry")]
public sealed record CallbackEntry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] CallbackAction Action,
    [property: Id(2)] string Actor,
    [property: Id(3)] string? Note)
{
    [Id(4)] public CallbackOutcome? Outcome { get; init; }

    /// <summary>The interaction that answered the customer, or that they called again with.</summary>
    [Id(5)] public string? InteractionId { get; init; }
}

/// <summary>One abandoned contact on the worklist (key: its interaction id).</summary>
[GenerateSerializer, Immutable, Alias("cr.CallbackView")]
public sealed record CallbackView(
    [property: Id(0)] string InteractionId,
    [property: Id(1)] string QueueId,
    [property: Id(2)] Channel Channel,
    [property: Id(3)] string? CustomerId,
    [property: Id(4)] DateTimeOffset OfferedAt,
    [property: Id(5)] DateTimeOffset AbandonedAt,
    [property: Id(6)] CallbackStatus Status)
{
    [Id(7)] public string? ClaimedBy { get; init; }
    [Id(8)] public DateTimeOffset? ClaimedAt { get; init; }

    /// <summary>When it left the open list (done or closed by itself).</summary>
    [Id(9)] public DateTimeOffset? ClosedAt { get; init; }
    [Id(10)] public string? ClosedBy { get; init; }
    [Id(11)] public CallbackOutcome? Outcome { get; init; }
    [Id(12)] public string? Note { get; init; }

    /// <summary>When the customer next reached the room (answered or abandoned again), in event time.</summary>
    [Id(13)] public DateTimeOffset? CalledAgainAt { get; init; }

    /// <summary>The interaction that answered the customer later (auto-close).</summary>
    [Id(14)] public string? AnsweredBy { get; init; }
    [Id(15)] public IReadOnlyList<CallbackEntry> Timeline { get; init; } = [];

    /// <summary>Moves on with every change, so a list that reloads while a change is pushed keeps the newer one.</summary>
    [Id(16)] public int Version { get; init; }

    /// <summary>True for an abandon within the queue's short-abandon threshold (set by the reader, from the queue's settings).</summary>
    [Id(17)] public bool ShortAbandon { get; init; }

    /// <summary>Set on the change that takes an entry off the list (a late event showed it was not abandoned).</summary>
    [Id(18)] public bool Withdrawn { get; init; }

    public double WaitSeconds => (AbandonedAt - OfferedAt).TotalSeconds;

    public bool IsOpen => Status is CallbackStatus.Open or CallbackStatus.Claimed;
}
