using ControlRoom.Cli.Ingest;

namespace ControlRoom.QueueLog.Tests.Delivery;

public class BackoffTests
{
    [Theory]
    [InlineData(1, 0.5)]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    [InlineData(6, 16)]
    [InlineData(7, 30)]
    [InlineData(1000, 30)]
    public void WithoutRetryAfter_DoublesFromHalfASecond_UpToThirtySeconds(int attempt, double seconds) =>
        Backoff.Delay(attempt, null).Should().Be(TimeSpan.FromSeconds(seconds));

    [Theory]
    [InlineData(7, 7)]
    [InlineData(0, 0)]
    [InlineData(-3, 0)]
    [InlineData(86_400, 300)]
    public void TheHostsRetryAfter_IsObeyed_WithinFiveMinutes(int retryAfter, double seconds) =>
        Backoff.Delay(5, TimeSpan.FromSeconds(retryAfter)).Should().Be(TimeSpan.FromSeconds(seconds));
}
