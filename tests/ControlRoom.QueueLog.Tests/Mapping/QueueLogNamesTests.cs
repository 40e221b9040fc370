using ControlRoom.Cli.QueueLog;
using ControlRoom.Contracts.Events;

namespace ControlRoom.QueueLog.Tests.Mapping;

public class QueueLogNamesTests
{
    [Theory]
    [InlineData("PJSIP/201", "201")]
    [InlineData("SIP/201", "201")]
    [InlineData("IAX2/201", "201")]
    [InlineData("Local/201@from-queue/n", "201")]
    [InlineData("Local/201@from-queue-0000001a;1", "201")]
    [InlineData("SIP/201-0000001a", "201")] // a channel name, as 1.4 logged COMPLETECALLER
    [InlineData("Agent/1001", "1001")]
    [InlineData("201", "201")]
    [InlineData("Mario Rossi", "Mario_Rossi")]
    [InlineData("Niccolò Bàrberi", "Niccolo_Barberi")]
    [InlineData("a.b-c_d", "a.b-c_d")]
    public void Agent_IsTheExtensionOrTheNameAsAKey(string raw, string key)
    {
        QueueLogNames.Agent(raw).Should().Be(key);
        EventValidator.IsValidKey(key).Should().BeTrue();
    }

    [Theory]
    [InlineData("NONE")]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("€€€")]
    public void Agent_NoneOrNothingUsable_IsNull(string raw) => QueueLogNames.Agent(raw).Should().BeNull();

    [Fact]
    public void ALongName_KeepsItsStartAndAHash_AndStaysDistinct()
    {
        var one = QueueLogNames.Queue(new string('q', 70) + "1")!;
        var two = QueueLogNames.Queue(new string('q', 70) + "2")!;

        one.Should().HaveLength(64).And.StartWith(new string('q', 55)).And.NotBe(two);
        EventValidator.IsValidKey(one).Should().BeTrue();
    }

    [Fact]
    public void AnInteraction_IsTheCallInItsQueue_AndNeverLongerThanTheContractAllows()
    {
        QueueLogNames.Interaction("pbx1-1732262398.42", "400").Should().Be("pbx1-1732262398.42@400");
        QueueLogNames.Interaction(new string('x', 120), "400").Length.Should().BeLessThanOrEqualTo(EventValidator.MaxIdLength);
    }
}
