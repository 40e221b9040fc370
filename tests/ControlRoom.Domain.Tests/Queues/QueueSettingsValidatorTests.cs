using ControlRoom.Contracts.Queues;
using ControlRoom.Domain.Queues;

namespace ControlRoom.Domain.Tests.Queues;

public sealed class QueueSettingsValidatorTests
{
    [Fact]
    public void DefaultSettings_AreValid()
    {
        QueueSettingsValidator.Validate(new QueueSettings()).Should().BeEmpty();
    }

    [Fact]
    public void CriticalOnTheWrongSideOfWarning_IsNamed()
    {
        var settings = new QueueSettings
        {
            Rules = [new SlaRule("sl", "serviceLevel", Comparison.Below, 80, 90), new SlaRule("wait", "longestWaitSeconds", Comparison.Above, 60, 30)],
        };

        var errors = QueueSettingsValidator.Validate(settings);

        errors.Keys.Should().BeEquivalentTo("rules[0].critical", "rules[1].critical");
    }

    [Fact]
    public void UnknownMetricDuplicateIdAndBadZone_AreAllReportedAtOnce()
    {
        var settings = new QueueSettings
        {
            TimeZone = "Mars/Olympus",
            ServiceLevelTarget = 120,
            Rules = [new SlaRule("a", "happiness", Comparison.Above, 1, 2), new SlaRule("a", "waiting", Comparison.Above, 1, 2) { ForSeconds = -1 }],
        };

        var errors = QueueSettingsValidator.Validate(settings);

        errors.Keys.Should().BeEquivalentTo("timeZone", "serviceLevelTarget", "rules[0].metric", "rules[1].ruleId", "rules[1].forSeconds");
    }
}
