using ControlRoom.Contracts.Alerts;

namespace ControlRoom.Grains.Alerts;

/// <summary>
/// Where an alert book hands its changes on its own silo (the host pushes them to the hub and the webhooks).
/// Implementations must return at once: a grain never waits for a client or a remote endpoint.
/// </summary>
public interface IAlertSink
{
    void AlertChanged(AlertChange change);
}
