using ControlRoom.Cli.Bank;

namespace ControlRoom.RealData.Tests.Bank;

/// <summary>The converter's reading of the data's quirks, on hand-written records shaped like the real ones.</summary>
public sealed class BankCallTests
{
    private static readonly DateTimeOffset Jan5 = new(1999, 1, 5, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void MidnightCrossing_EndsTheCallOnTheNextDay()
    {
        var call = Parse("AA0102\t28748\t0\t0\tPS\t990105\t23:59:15\t23:59:34\t19\t0:00:00\t0:00:00\t0\tAGENT\t23:59:33\t0:03:40\t247\tBENSION");

        call.Should().Match<BankCall>(c => c.Kind == BankCallKind.Served
            && c.OfferedAt == Jan5.AddHours(23).AddMinutes(59).AddSeconds(34)
            && c.OutcomeAt == Jan5.AddHours(23).AddMinutes(59).AddSeconds(33)
            && c.EndedAt == Jan5.AddDays(1).AddMinutes(3).AddSeconds(40));
    }

    [Fact]
    public void ServiceStartingBeforeTheQueueExit_StaysOnTheSameDay()
    {
        var call = Parse("AA0102\t28990\t30712699\t2\tPS\t990105\t14:48:46\t14:48:52\t6\t14:48:52\t14:52:18\t206\tAGENT\t14:49:10\t14:58:00\t530\tVICKY");

        call.OutcomeAt.Should().Be(Jan5.AddHours(14).AddMinutes(49).AddSeconds(10));
        call.AgentId.Should().Be("VICKY");
    }

    [Fact]
    public void MissingServiceTimes_AnswerAtTheQueueExitWithNoHandleTime()
    {
        var call = Parse("AA0102\t28607\t11766342\t1\tPS\t990105\t13:01:45\t13:01:51\t6\t13:01:51\t13:04:08\t137\tAGENT\t0:00:00\t0:00:00\t0\tIDIT");

        call.Should().Match<BankCall>(c => c.OutcomeAt == Jan5.AddHours(13).AddMinutes(4).AddSeconds(8) && c.EndedAt == c.OutcomeAt);
    }

    [Fact]
    public void HangUpWithServiceTimes_IsAnAbandonAtTheQueueExit()
    {
        var call = Parse("AA0101\t33761\t55279970\t2\tPS\t990105\t16:21:19\t16:21:25\t6\t16:21:25\t16:21:58\t33\tHANG\t16:21:58\t16:30:30\t512\tNO_SERVER");

        var events = BankConverter.ToEvents(call);

        events.Select(e => e.Type).Should().Equal("interaction.offered", "interaction.abandoned");
        events[1].OccurredAt.Should().Be("1999-01-05T16:21:58Z");
    }

    [Theory]
    [InlineData("AA0101\t33117\t0\t0\tPS\t990105\t0:34:12\t0:34:23\t11\t0:00:00\t0:00:00\t0\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER")]
    [InlineData("AA0101\t33120\t0\t0\tTT\t990105\t7:41:16\t7:41:26\t10\t7:41:26\t7:41:30\t4\tPHANTOM\t0:00:00\t0:00:00\t0\tNO_SERVER")]
    public void VruHangUpsAndPhantoms_GiveNoEvents(string line)
    {
        BankConverter.ToEvents(Parse(line)).Should().BeEmpty();
    }

    [Fact]
    public void MalformedRecord_IsRejectedWithItsReason()
    {
        BankCall.TryParse("AA0101\t1\t0\t0\tPS\t990105\t25:00:00\t0:34:23\t11\t0:00:00\t0:00:00\t0\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER", out var error)
            .Should().BeNull();
        error.Should().Contain("column 7");
    }

    private static BankCall Parse(string line) =>
        BankCall.TryParse(line, out var error) ?? throw new InvalidOperationException(error);
}
