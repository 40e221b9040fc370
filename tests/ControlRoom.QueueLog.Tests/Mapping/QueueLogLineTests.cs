using ControlRoom.Cli.QueueLog;

namespace ControlRoom.QueueLog.Tests.Mapping;

public class QueueLogLineTests
{
    [Fact]
    public void ALine_SplitsIntoItsFields_WithTheDataAfterTheEvent()
    {
        var line = QueueLogLine.TryParse("1732262415|1732262398.42|400|PJSIP/201|CONNECT|15|1732262410.45|5\r", out var error)!;

        error.Should().BeNull();
        line.Should().Match<QueueLogLine>(l => l.Epoch == 1732262415 && l.CallId == "1732262398.42" && l.Queue == "400"
            && l.Agent == "PJSIP/201" && l.Event == "CONNECT");
        line.Data.Should().Equal("15", "1732262410.45", "5");
        line.DataAt(5).Should().BeEmpty();
        line.OccurredAt.Should().Be(DateTimeOffset.FromUnixTimeSeconds(1732262415));
    }

    [Fact]
    public void AnEventWithoutData_EndsWithTheSeparator_AsAsteriskWritesIt()
    {
        var line = QueueLogLine.TryParse("1732262000|NONE|NONE|NONE|QUEUESTART|", out _)!;

        line.Event.Should().Be("QUEUESTART");
        line.Data.Should().Equal("");
    }

    [Theory]
    [InlineData("", "at least 5 fields")]
    [InlineData("1732262000|NONE|NONE|NONE", "at least 5 fields")]
    [InlineData("Nov 22 08:00:00|NONE|NONE|NONE|QUEUESTART|", "not a Unix time")]
    [InlineData("-5|NONE|NONE|NONE|QUEUESTART|", "not a Unix time")]
    [InlineData("99999999999999|NONE|NONE|NONE|QUEUESTART|", "not a Unix time")]
    [InlineData("1732262000|NONE|NONE|NONE||", "event name is empty")]
    public void NotAQueueLogLine_SaysWhy(string text, string reason)
    {
        QueueLogLine.TryParse(text, out var error).Should().BeNull();
        error.Should().Contain(reason);
    }
}
