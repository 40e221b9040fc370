using System.Globalization;
using Orleans.Serialization;
using Orleans.Storage;

namespace ControlRoom.Grains.Durability;

/// <summary>
/// Orleans grain storage over the same store as the log and the journals, for the grains whose every change is
/// written through (boards, alerts, reroutes, feeds): one store, one serializer (Orleans' version-tolerant
/// binary format, keyed by type aliases) and one failure behaviour in both modes. The ETag is the snapshot
/// version, so a stale activation cannot overwrite a newer state.
/// </summary>
public sealed class StoreGrainStorage(IEventStore store, Serializer serializer) : IGrainStorage
{
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var stored = await store.ReadSnapshotAsync(StoreKeys.GrainState(stateName, grainId.ToString()));
        if (stored is null)
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        grainState.State = serializer.Deserialize<T>(stored.Payload);
        grainState.ETag = stored.Version.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var payload = serializer.SerializeToArray(grainState.State);
        long version;
        try
        {
            version = await store.WriteSnapshotAsync(StoreKeys.GrainState(stateName, grainId.ToString()), Expected(grainState), 0, payload);
        }
        catch (StreamConflictException ex)
        {
            // Orleans' own signal for "another activation wrote first": the grain deactivates and reloads.
            throw new InconsistentStateException(ex.Message, "unknown", grainState.ETag ?? "none", ex);
        }

        grainState.ETag = version.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (grainState.RecordExists)
        {
            await store.DeleteSnapshotAsync(StoreKeys.GrainState(stateName, grainId.ToString()), Expected(grainState));
        }

        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private static long Expected<T>(IGrainState<T> grainState) =>
        grainState.ETag is { } etag ? long.Parse(etag, CultureInfo.InvariantCulture) : 0;
}
