using System.Diagnostics.Metrics;
using ControlRoom.Host.Staffing;
using Microsoft.Extensions.DependencyInjection;

namespace ControlRoom.Staffing.Tests;

/// <summary>The host on Kestrel with a budget so large that only cancellation can stop a costly calculation.</summary>
public sealed class UnboundedStaffingHost : KestrelControlRoomHost
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [.. base.Settings(), new("Staffing:MaxComputeSteps", "1000000000000000")];
}

/// <summary>
/// Issue 14 item 3: a caller who goes away stops the computation. The proof is the host's own meter: the request
/// was counted as started, the client hung up, and the loops reported that they stopped on the cancellation
/// (outcome <c>cancelled</c>), never that they ran to the end. No timing is asserted; the waits are only deadlines.
/// </summary>
public sealed class AbandonedComputationTests(UnboundedStaffingHost host) : IClassFixture<UnboundedStaffingHost>
{
    [Fact]
    public async Task AbandonedCostlyRequest_StopsComputing()
    {
        using var outcomes = new Outcomes(host.Services.GetRequiredService<IMeterFactory>());
        using var client = host.ApiClient();
        using var hangUp = new CancellationTokenSource();

        // Act: start a calculation of billions of steps over real HTTP, wait until the host is computing, hang up.
        var request = client.GetAsync(ErlangBoundsTests.Costly, hangUp.Token);
        await outcomes.Started.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await hangUp.CancelAsync();
        var abandoned = async () => await request;

        // Assert: the client saw its own cancellation; the host's loops saw it too and stopped.
        await abandoned.Should().ThrowAsync<OperationCanceledException>();
        var outcome = await outcomes.Ended.Task.WaitAsync(TimeSpan.FromSeconds(60));
        outcome.Should().Be("cancelled", "the loops must stop on RequestAborted rather than compute to the end");
    }

    /// <summary>Listens to this host's staffing meter only (other hosts of the test process have meters of the same name).</summary>
    private sealed class Outcomes : IDisposable
    {
        private readonly MeterListener listener = new();

        public Outcomes(IMeterFactory scope)
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == StaffingMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, scope)
                    && instrument.Name == StaffingMetrics.ComputationsName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "outcome" && tag.Value is string outcome)
                    {
                        if (outcome == "started")
                        {
                            Started.TrySetResult();
                        }
                        else
                        {
                            Ended.TrySetResult(outcome);
                        }
                    }
                }
            });
            listener.Start();
        }

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<string> Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Dispose() => listener.Dispose();
    }
}
