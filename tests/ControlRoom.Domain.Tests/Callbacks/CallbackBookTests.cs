using ControlRoom.Contracts.Callbacks;
using ControlRoom.Contracts.Events;
using ControlRoom.Domain.Callbacks;

namespace ControlRoom.Domain.Tests.Callbacks;

public sealed class CallbackBookTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromHours(8);

    private static CallbackFact Abandon(string id, string? customer, DateTimeOffset at, string queue = "billing") =>
        new(CallbackFactKind.Abandoned, id, queue, Channel.Voice, customer, at.AddSeconds(-40), at);

    private static CallbackFact Answer(string id, string? customer, DateTimeOffset at, string queue = "sales") =>
        new(CallbackFactKind.Answered, id, queue, Channel.Voice, customer, at.AddSeconds(-10), at);

    [Fact]
    public void Abandon_OpensOneEntry_AndARepeatChangesNothing()
    {
        var book = new CallbackBook();

        var first = book.Apply([Abandon("c1", "+39 02 1234", T0)], Window);
        var again = book.Apply([Abandon("c1", "+39 02 1234", T0)], Window);

        first.Should().ContainSingle().Which.Status.Should().Be(CallbackStatus.Open);
        again.Should().BeEmpty();
        var entry = book.Entries["c1"];
        entry.WaitSeconds.Should().Be(40);
        entry.Timeline.Should().ContainSingle().Which.Action.Should().Be(CallbackAction.Abandoned);
    }

    [Fact]
    public void SameCustomerAnsweredLaterOnAnyQueue_WithinTheWindow_ClosesItByItself()
    {
        var book = new CallbackBook();
        book.Apply([Abandon("c1", "cust-7", T0, queue: "billing")], Window);

        book.Apply([Answer("c2", "cust-7", T0.AddHours(2), queue: "sales")], Window);

        var entry = book.Entries["c1"];
        entry.Status.Should().Be(CallbackStatus.AutoClosed);
        entry.AnsweredBy.Should().Be("c2");
        entry.ClosedAt.Should().Be(T0.AddHours(2));
        entry.CalledAgainAt.Should().Be(T0.AddHours(2));
    }

    [Fact]
    public void AnswerAfterTheWindow_LeavesItOpen_ButSaysTheyCalledAgain()
    {
        var book = new CallbackBook();
        book.Apply([Abandon("c1", "cust-7", T0)], Window);

        book.Apply([Answer("c2", "cust-7", T0 + Window + TimeSpan.FromMinutes(1))], Window);

        book.Entries["c1"].Status.Should().Be(CallbackStatus.Open);
        book.Entries["c1"].CalledAgainAt.Should().Be(T0 + Window + TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void AnAnswerBeforeTheAbandon_OrOfAnotherCustomer_ClosesNothing()
    {
        var book = new CallbackBook();
        book.Apply([Answer("c0", "cust-7", T0.AddMinutes(-5)), Answer("c9", "cust-8", T0.AddMinutes(5))], Window);

        book.Apply([Abandon("c1", "cust-7", T0)], Window);

        book.Entries["c1"].Status.Should().Be(CallbackStatus.Open);
        book.Entries["c1"].CalledAgainAt.Should().BeNull();
    }

    [Fact]
    public void FactsInAnyOrderAndRepeated_GiveTheSameWorklist()
    {
        CallbackFact[] facts =
        [
            Abandon("c1", "cust-1", T0),
            Abandon("c2", "cust-1", T0.AddMinutes(30)),
            Answer("c3", "cust-1", T0.AddHours(1)),
            Answer("c4", "cust-1", T0.AddMinutes(50)),
            Abandon("c5", "cust-2", T0.AddMinutes(10)),
            Abandon("c6", null, T0.AddMinutes(20)),
        ];
        var clean = new CallbackBook();
        clean.Apply(facts, Window);

        var random = new Random(7);
        for (var run = 0; run < 20; run++)
        {
            var shuffled = facts.Concat(facts.Take(3)).OrderBy(_ => random.Next()).ToList();
            var book = new CallbackBook();
            foreach (var fact in shuffled)
            {
                book.Apply([fact], Window);
            }

            book.Entries.Values.Select(Comparable).Should().BeEquivalentTo(clean.Entries.Values.Select(Comparable));
        }

        clean.Entries["c1"].AnsweredBy.Should().Be("c4", "the earliest answer after the abandon closes it");
        clean.Entries["c1"].CalledAgainAt.Should().Be(T0.AddMinutes(30), "the second abandon was a call again");
        clean.Entries["c5"].Status.Should().Be(CallbackStatus.Open);
        clean.Entries["c6"].Status.Should().Be(CallbackStatus.Open);
    }

    [Fact]
    public void LeadClaimsThenCallsBack_EachStepAudited_AndAnotherLeadCannotTakeIt()
    {
        var book = new CallbackBook();
        book.Apply([Abandon("c1", "cust-7", T0)], Window);

        var claim = book.Act("c1", new CallbackCommand(CallbackCommandKind.Claim, "maria", "after the meeting", null), T0.AddMinutes(5));
        var steal = book.Act("c1", new CallbackCommand(CallbackCommandKind.Claim, "luca", null, null), T0.AddMinutes(6));
        var done = book.Act("c1", new CallbackCommand(CallbackCommandKind.Done, "maria", "will pay tomorrow", CallbackOutcome.Reached), T0.AddMinutes(9));
        var twice = book.Act("c1", new CallbackCommand(CallbackCommandKind.Done, "maria", null, CallbackOutcome.Reached), T0.AddMinutes(10));

        claim.Outcome.Should().Be(CallbackCommandOutcome.Done);
        steal.Outcome.Should().Be(CallbackCommandOutcome.Conflict);
        done.Callback!.Status.Should().Be(CallbackStatus.Done);
        done.Callback.Outcome.Should().Be(CallbackOutcome.Reached);
        twice.Outcome.Should().Be(CallbackCommandOutcome.Conflict);
        book.Entries["c1"].Timeline.Select(t => (t.Action, t.Actor, t.Note)).Should().Equal(
            (CallbackAction.Abandoned, CallbackBook.System, null),
            (CallbackAction.Claimed, "maria", "after the meeting"),
            (CallbackAction.Done, "maria", "will pay tomorrow"));
        book.Act("nope", new CallbackCommand(CallbackCommandKind.Claim, "maria", null, null), T0).Outcome
            .Should().Be(CallbackCommandOutcome.NotFound);
    }

    [Fact]
    public void WithdrawnAbandon_LeavesTheList_UnlessALeadAlreadyTookIt()
    {
        var book = new CallbackBook();
        book.Apply([Abandon("c1", "cust-1", T0), Abandon("c2", "cust-2", T0)], Window);
        book.Act("c2", new CallbackCommand(CallbackCommandKind.Claim, "maria", null, null), T0.AddMinutes(1));

        var changed = book.Apply(
        [
            new CallbackFact(CallbackFactKind.Withdrawn, "c1", "billing", Channel.Voice, "cust-1", T0.AddSeconds(-40), T0),
            new CallbackFact(CallbackFactKind.Withdrawn, "c2", "billing", Channel.Voice, "cust-2", T0.AddSeconds(-40), T0),
        ], Window);

        book.Entries.Keys.Should().Equal("c2");
        changed.Should().ContainSingle().Which.Withdrawn.Should().BeTrue();
    }

    [Fact]
    public void Prune_ForgetsOldClosedEntries_KeepsOldOpenOnes()
    {
        var book = new CallbackBook();
        book.Apply([Abandon("old-open", "a", T0), Abandon("old-closed", "b", T0), Answer("x", "b", T0.AddMinutes(1))], Window);

        var removed = book.Prune(T0.AddDays(20), TimeSpan.FromDays(14));

        removed.Should().Be(1);
        book.Entries.Keys.Should().Equal("old-open");
        book.Answers.Should().BeEmpty();
    }

    [Fact]
    public void AnswersThatClosedNothing_AreForgottenAfterAnHour_OpenEntriesStay()
    {
        var book = new CallbackBook();
        book.Apply([Answer("a1", "cust-1", T0), Abandon("c1", "cust-2", T0)], Window);

        book.Prune(T0 + CallbackBook.AnswerMemory - TimeSpan.FromSeconds(1), TimeSpan.FromDays(14));
        book.Answers.Should().ContainKey("cust-1");
        book.Prune(T0 + CallbackBook.AnswerMemory + TimeSpan.FromSeconds(1), TimeSpan.FromDays(14));

        book.Answers.Should().BeEmpty();
        book.Entries.Keys.Should().Equal("c1");
    }

    private static object Comparable(CallbackView v) => new
    {
        v.InteractionId, v.Status, v.AnsweredBy, v.ClosedAt, v.CalledAgainAt,
        Timeline = v.Timeline.Select(t => (t.Action, t.At, t.InteractionId)).ToList(),
    };
}
