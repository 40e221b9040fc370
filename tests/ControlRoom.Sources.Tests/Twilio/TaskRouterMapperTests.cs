using ControlRoom.Contracts.Events;
using ControlRoom.Host.Sources;
using static ControlRoom.Sources.Tests.Mapped;
using ControlRoom.Host.Sources.Twilio;

namespace ControlRoom.Sources.Tests.Twilio;

/// <summary>Callbacks shaped as the TaskRouter Events reference documents them (see <see cref="TaskRouterCallbacks"/>).</summary>
public sealed class TaskRouterMapperTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 22, 9, 15, 30, 123, TimeSpan.Zero);

    private readonly TaskRouterCallbacks callbacks = new();
    private readonly TaskRouterMapper mapper = new(new TwilioOptions { AuthToken = "token" });

    [Fact]
    public void TaskQueueEntered_IsAnOfferInTheNamedQueue_AtTheCallbacksMillisecond()
    {
        var events = Valid(mapper.Map(callbacks.TaskQueueEntered(At)));

        var offered = events.Single(e => e.Type == EventType.InteractionOffered);
        offered.InteractionId.Should().Be(callbacks.TaskSid);
        offered.QueueId.Should().Be("Sales-Queue");
        offered.Channel.Should().Be(Channel.Voice);
        offered.OccurredAt.Should().Be(At);
        offered.CustomerId.Should().Be("+390212345678", "TaskAttributes.from names the caller");
        var entered = events.Single(e => e.Type == EventType.InteractionTransferred);
        entered.ToQueueId.Should().Be("Sales-Queue", "each queue entry is also a transfer into it, so a workflow's overflow counts in each queue");
    }

    [Fact]
    public void TaskCreated_WithoutAQueue_IsAcknowledgedNotCounted()
    {
        var mapping = mapper.Map(callbacks.TaskCreated(At));

        mapping.Events.Should().BeEmpty();
        mapping.Ignored.Should().NotBeNull();
        mapping.Error.Should().BeNull();
    }

    [Fact]
    public void TaskCreated_ThatNamesItsQueue_IsTheOffer()
    {
        var form = callbacks.TaskCreated(At);
        form["TaskQueueSid"] = callbacks.QueueSid;
        form["TaskQueueName"] = callbacks.QueueName;

        Valid(mapper.Map(form)).Should().ContainSingle().Which.Type.Should().Be(EventType.InteractionOffered);
    }

    [Fact]
    public void ReservationAccepted_IsTheAnswer_AndMakesTheWorkerBusy()
    {
        var events = Valid(mapper.Map(callbacks.ReservationAccepted(At)));

        var answered = events.Single(e => e.Type == EventType.InteractionAnswered);
        answered.AgentId.Should().Be("Alice-Rossi");
        answered.QueueId.Should().Be("Sales-Queue");
        answered.OccurredAt.Should().Be(At);
        var busy = events.Single(e => e.Type == EventType.AgentStateChanged);
        busy.State.Should().Be(AgentState.Busy);
        busy.Attributes.Should().Contain(ContactEvent.TeamAttribute, "Energia A");
    }

    [Theory]
    [InlineData("reservation.rejected", "rejected")]
    [InlineData("reservation.timeout", "timeout")]
    public void RejectedOrTimedOutReservation_IsARingNoAnswerAtTheWorker(string type, string reason)
    {
        var form = type == "reservation.rejected" ? callbacks.ReservationRejected(At) : callbacks.ReservationTimeout(At);

        var rona = Valid(mapper.Map(form)).Should().ContainSingle().Subject;

        rona.Type.Should().Be(EventType.InteractionRingNoAnswer);
        rona.AgentId.Should().Be("Alice-Rossi");
        rona.InteractionId.Should().Be(callbacks.TaskSid);
        rona.Reason.Should().Be(reason);
    }

    [Fact]
    public void TaskCanceled_IsAnAbandonWithTheReason()
    {
        var abandoned = Valid(mapper.Map(callbacks.TaskCanceled(At, "hangup"))).Should().ContainSingle().Subject;

        abandoned.Type.Should().Be(EventType.InteractionAbandoned);
        abandoned.QueueId.Should().Be("Sales-Queue");
        abandoned.Reason.Should().Be("hangup");
    }

    [Fact]
    public void TaskWrapupEndsTheConversation_AndTaskCompletedEndsTheWork()
    {
        Valid(mapper.Map(callbacks.TaskWrapup(At))).Select(e => e.Type).Should().Equal(EventType.InteractionEnded);
        Valid(mapper.Map(callbacks.TaskCompleted(At))).Select(e => e.Type)
            .Should().Equal(EventType.InteractionEnded, EventType.InteractionWrapupEnded);
    }

    [Fact]
    public void ReservationWrapupAndCompleted_MoveTheWorkerToWrapupAndBackToTheirActivity()
    {
        Valid(mapper.Map(callbacks.ReservationWrapup(At))).Single().State.Should().Be(AgentState.Wrapup);
        Valid(mapper.Map(callbacks.ReservationCompleted(At, "Available"))).Single().State.Should().Be(AgentState.Available);
        var onBreak = Valid(mapper.Map(callbacks.ReservationCompleted(At, "Break"))).Single();
        onBreak.State.Should().Be(AgentState.Away);
        onBreak.Reason.Should().Be("Break");
    }

    [Theory]
    [InlineData("Available", AgentState.Available, null)]
    [InlineData("offline", AgentState.Offline, null)]
    [InlineData("Unavailable", AgentState.Away, "Unavailable")]
    [InlineData("Break", AgentState.Away, "Break")]
    [InlineData("Training", AgentState.Away, "Training")]
    public void WorkerActivityUpdate_MapsTheActivityName(string activity, AgentState state, string? reason)
    {
        var presence = Valid(mapper.Map(callbacks.WorkerActivityUpdate(At, activity))).Should().ContainSingle().Subject;

        presence.Type.Should().Be(EventType.AgentStateChanged);
        presence.AgentId.Should().Be("Alice-Rossi");
        presence.State.Should().Be(state);
        presence.Reason.Should().Be(reason);
        presence.OccurredAt.Should().Be(At);
    }

    [Fact]
    public void ConfiguredActivities_AddToTheDefaults()
    {
        var options = new TwilioOptions { AuthToken = "token" };
        options.Activities["Back office"] = "busy";

        var presence = Valid(new TaskRouterMapper(options).Map(callbacks.WorkerActivityUpdate(At, "back office"))).Single();

        presence.State.Should().Be(AgentState.Busy);
        Valid(new TaskRouterMapper(options).Map(callbacks.WorkerActivityUpdate(At, "Available"))).Single().State.Should().Be(AgentState.Available);
    }

    [Theory]
    [InlineData("chat", Channel.Chat)]
    [InlineData("sms", Channel.Messaging)]
    [InlineData("email", Channel.Email)]
    [InlineData("default", Channel.Voice)]
    public void TaskChannel_GivesTheContractChannel(string taskChannel, Channel channel) =>
        Valid(new TaskRouterMapper(new TwilioOptions()).Map(new TaskRouterCallbacks(channel: taskChannel).TaskQueueEntered(At)))
            .First().Channel.Should().Be(channel);

    [Fact]
    public void UseSids_KeysQueuesAndAgentsBySid()
    {
        var bySid = new TaskRouterMapper(new TwilioOptions { UseSids = true });

        var events = Valid(bySid.Map(callbacks.ReservationAccepted(At)));

        events.Should().OnlyContain(e => e.AgentId == callbacks.WorkerSid);
        events.Single(e => e.Type == EventType.InteractionAnswered).QueueId.Should().Be(callbacks.QueueSid);
    }

    [Fact]
    public void NamesOutsideTheKeyAlphabet_AreNormalised()
    {
        var italian = new TaskRouterCallbacks(queueName: "Qualità & Reclami", workerName: "niccolò@example.it");

        var events = Valid(mapper.Map(italian.ReservationAccepted(At)));

        events.Should().OnlyContain(e => e.AgentId == "niccolo-example.it");
        events.Single(e => e.Type == EventType.InteractionAnswered).QueueId.Should().Be("Qualita-Reclami");
    }

    [Fact]
    public void SameCallbackTwice_GivesTheSameEventIds_SoTwiliosRetriesAreDuplicates()
    {
        var form = callbacks.ReservationAccepted(At);

        var first = mapper.Map(form).Events.Select(e => e.EventId);
        var again = mapper.Map(new Dictionary<string, string>(form)).Events.Select(e => e.EventId);

        again.Should().Equal(first);
        first.Should().OnlyContain(id => id!.Contains(form["Sid"], StringComparison.Ordinal));
    }

    [Fact]
    public void WithoutSid_TheIdsComeFromTheParameters()
    {
        var form = callbacks.TaskWrapup(At);
        form.Remove("Sid");

        mapper.Map(form).Events.Single().EventId.Should().Be(mapper.Map(new Dictionary<string, string>(form)).Events.Single().EventId);
    }

    [Fact]
    public void TimestampInSeconds_IsUsedWhenTimestampMsIsAbsent()
    {
        var form = callbacks.TaskWrapup(At);
        form.Remove("TimestampMs");

        Valid(mapper.Map(form)).Single().OccurredAt.Should().Be(At.AddMilliseconds(-123));
    }

    [Theory]
    [InlineData("workflow.entered")]
    [InlineData("task.updated")]
    [InlineData("reservation.created")]
    [InlineData("task-queue.moved")]
    public void EventsThatMeanNothingHere_AreIgnoredNotRefused(string type)
    {
        var form = callbacks.WorkflowEntered(At);
        form["EventType"] = type;

        var mapping = mapper.Map(form);

        mapping.Events.Should().BeEmpty();
        mapping.Ignored.Should().Contain(type);
    }

    [Fact]
    public void TaskEventWithoutTaskSid_IsAnError()
    {
        var form = callbacks.TaskWrapup(At);
        form.Remove("TaskSid");

        mapper.Map(form).Error.Should().Contain("TaskSid");
    }

    [Fact]
    public void CallbackWithoutAnyTime_IsAnError()
    {
        var form = callbacks.TaskWrapup(At);
        form.Remove("TimestampMs");
        form.Remove("Timestamp");

        mapper.Map(form).Error.Should().Contain("Timestamp");
    }
}
