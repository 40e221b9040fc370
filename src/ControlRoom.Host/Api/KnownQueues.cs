using ControlRoom.Contracts.Grains;
using ControlRoom.Grains.Hosting;
using Microsoft.Extensions.Options;

namespace ControlRoom.Host.Api;

/// <summary>
/// The queues that exist: those an event has named (the directory) and those the configuration lists
/// (<c>ControlRoom:Queues:{id}</c>). Reroutes, what-ifs and board edits accept only these, so a typo is an error
/// rather than a new, empty queue on every board.
/// </summary>
public sealed class KnownQueues(IGrainFactory grains, IOptions<ControlRoomGrainOptions> options)
{
    /// <summary>Why a queue id is refused, in the API's words (English, as all problem documents).</summary>
    public static string Problem(string queueId) =>
        $"no queue '{queueId}' is known: a queue exists once an event names it or the configuration lists it (ControlRoom:Queues:{queueId})";

    public async Task<IReadOnlySet<string>> AllAsync()
    {
        var seen = await grains.GetGrain<IDirectoryGrain>(0).GetQueues();
        return new HashSet<string>(seen.Concat(options.Value.Queues.Keys), StringComparer.Ordinal);
    }

    /// <summary>The ids among <paramref name="queueIds"/> that name no queue, in their order, each once.</summary>
    public async Task<IReadOnlyList<string>> UnknownAsync(IEnumerable<string> queueIds)
    {
        var known = await AllAsync();
        return [.. queueIds.Where(q => !known.Contains(q)).Distinct(StringComparer.Ordinal)];
    }
}
