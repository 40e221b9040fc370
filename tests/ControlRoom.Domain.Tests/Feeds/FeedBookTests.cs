using ControlRoom.Contracts.Feeds;
using ControlRoom.Domain.Feeds;

namespace ControlRoom.Domain.Tests.Feeds;

/// <summary>A source's record and verdict: silence past its quiet limit stalls it, one delivery makes it live again.</summary>
public class FeedBookTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    [Fact]
    public void SilencePastTheQuietLimit_StallsTheSource_Once_AndADeliveryEndsIt()
    {
        var book = new FeedBook();
        book.Report(Delivery("pbx", T0, "billing", "sales"));

        book.Judge(T0 + Limit, _ => Limit).Should().BeEmpty("exactly at the limit is not past it");
        var stalled = book.Judge(T0 + Limit + TimeSpan.FromSeconds(1), _ => Limit).Should().ContainSingle().Subject;
        stalled.Should().Match<FeedTransition>(t => t.Stalled && t.SilentSince == T0 && t.SilentFor == Limit + TimeSpan.FromSeconds(1));
        stalled.Queues.Should().Equal("billing", "sales");
        book.Judge(T0 + TimeSpan.FromMinutes(20), _ => Limit).Should().BeEmpty("a stalled source is announced once");

        book.Report(Delivery("pbx", T0 + TimeSpan.FromMinutes(30), "billing"));
        var back = book.Judge(T0 + TimeSpan.FromMinutes(30), _ => Limit).Should().ContainSingle().Subject;
        back.Should().Match<FeedTransition>(t => !t.Stalled && t.SilentSince == T0 && t.SilentFor == TimeSpan.FromMinutes(30));
    }

    [Fact]
    public void Status_GivesRateLagAndRefusals_OverTheLastFiveMinutes()
    {
        var book = new FeedBook();
        book.Report(Delivery("pbx", T0, "billing") with { Events = 10, TotalLagMs = 20_000, MaxLagMs = 4_000 });
        book.Report(Delivery("pbx", T0.AddMinutes(2), "billing") with { Events = 5, TotalLagMs = 10_000, MaxLagMs = 9_000 });
        book.Report(new FeedReport("pbx", T0.AddMinutes(3)) { Rejected = 2 });

        var status = book.Statuses(T0.AddMinutes(4), _ => Limit, s => s == "pbx" ? "PBX Roma" : s).Should().ContainSingle().Subject;

        status.Should().Match<FeedStatus>(s => s.State == FeedState.Live && s.Label == "PBX Roma" && s.EventsPerMinute == 3
            && s.LagSeconds == 2 && s.MaxLagSeconds == 9 && s.RejectedRecent == 2 && s.RejectedTotal == 2 && s.EventsTotal == 15
            && s.LastReceivedAt == T0.AddMinutes(2), "refusals do not prove a feed alive");
    }

    [Fact]
    public void SourceThatOnlyEverSentRefusedInput_IsRefused_NeverStalledNorLive()
    {
        var book = new FeedBook();
        book.Report(new FeedReport("junk", T0) { Rejected = 3 });

        book.Judge(T0.AddHours(1), _ => Limit).Should().BeEmpty();
        book.Statuses(T0.AddHours(1), _ => Limit, s => s).Single().State.Should().Be(FeedState.Refused);
    }

    [Fact]
    public void QuietLimit_IsThatOfEachSource()
    {
        var book = new FeedBook();
        book.Report(Delivery("quick", T0, "q1"));
        book.Report(Delivery("slow", T0, "q1"));

        var changed = book.Judge(T0.AddMinutes(6), s => s == "slow" ? TimeSpan.FromMinutes(10) : Limit);

        changed.Select(t => t.Source).Should().Equal("quick");
    }

    private static FeedReport Delivery(string source, DateTimeOffset at, params string[] queues) =>
        new(source, at) { Events = 1, Queues = queues };
}
