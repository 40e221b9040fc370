using System.Globalization;
using System.Net.Sockets;
using ControlRoom.Grains.Durability;
using StackExchange.Redis;
using StreamEntry = ControlRoom.Grains.Durability.StreamEntry;

namespace ControlRoom.Storage;

/// <summary>
/// The scale-out store: Redis Streams for the log partitions and the journals (entry ids are the dense positions,
/// <c>{position}-0</c>), a hash of stream heads, and one hash per snapshot (with a second hash for a snapshot's parts). Appends and snapshot writes are Lua
/// scripts, so a multi-partition append and a fenced write are atomic (and reach the append-only file as one
/// transaction). Every key shares one hash tag, so the same scripts run on a Redis Cluster shard. Durability
/// rests on Redis' append-only file (docs/durability.md: <c>appendonly yes</c>, <c>appendfsync always</c>).
/// Commands fail at once while disconnected (no backlog), so an outage becomes a 503 within the timeout.
/// </summary>
public sealed class RedisEventStore(IConnectionMultiplexer redis, string keyspace) : IEventStore
{
    private const string AppendScript = """
        local n = #KEYS - 1
        for i = 1, n do
          local expected = tonumber(ARGV[n + i])
          if expected >= 0 then
            local head = tonumber(redis.call('HGET', KEYS[1], ARGV[i]) or '0')
            if head ~= expected then
              return redis.error_reply('CONFLICT stream ' .. ARGV[i] .. ' is at ' .. head .. ', not ' .. expected)
            end
          end
        end
        local positions = {}
        for i = 1, n do
          local p = redis.call('HINCRBY', KEYS[1], ARGV[i], 1)
          redis.call('XADD', KEYS[i + 1], p .. '-0', 'd', ARGV[2 * n + i])
          positions[i] = p
        end
        return positions
        """;

    private const string SnapshotScript = """
        local v = tonumber(redis.call('HGET', KEYS[1], 'v') or '0')
        if v ~= tonumber(ARGV[1]) then
          return redis.error_reply('CONFLICT state is at version ' .. v .. ', not ' .. ARGV[1])
        end
        if ARGV[3] == nil then
          redis.call('DEL', KEYS[1], KEYS[2])
          return 0
        end
        redis.call('HSET', KEYS[1], 'v', v + 1, 'p', ARGV[2], 'd', ARGV[3])
        local puts = tonumber(ARGV[4] or '0')
        for i = 0, puts - 1 do
          redis.call('HSET', KEYS[2], ARGV[5 + 2 * i], ARGV[6 + 2 * i])
        end
        for i = 5 + 2 * puts, #ARGV do
          redis.call('HDEL', KEYS[2], ARGV[i])
        end
        return v + 1
        """;

    private readonly string prefix = "{" + keyspace + "}:";

    private IDatabase Db => redis.GetDatabase();

    private RedisKey Heads => prefix + "heads";

    public bool IsAvailable => redis.IsConnected;

    public Task<long[]> AppendAsync(IReadOnlyList<StreamAppend> appends, CancellationToken cancellationToken = default) => Run(async () =>
    {
        var n = appends.Count;
        var keys = new RedisKey[n + 1];
        var values = new RedisValue[3 * n];
        keys[0] = Heads;
        for (var i = 0; i < n; i++)
        {
            keys[i + 1] = StreamKey(appends[i].Stream);
            values[i] = appends[i].Stream;
            values[n + i] = appends[i].ExpectedHead ?? -1;
            values[(2 * n) + i] = appends[i].Payload;
        }

        var result = await Db.ScriptEvaluateAsync(AppendScript, keys, values);
        return ((RedisValue[])result!).Select(v => (long)v).ToArray();
    });

    public Task<IReadOnlyList<StreamEntry>> ReadAsync(string stream, long afterPosition, int max, CancellationToken cancellationToken = default) => Run(async () =>
    {
        var entries = await Db.StreamRangeAsync(StreamKey(stream), Id(afterPosition + 1), "+", max);
        return (IReadOnlyList<StreamEntry>)[.. entries.Select(e => new StreamEntry(Position(e.Id), (byte[])e["d"]!))];
    });

    public async Task<long> HeadAsync(string stream, CancellationToken cancellationToken = default) =>
        (await HeadsAsync([stream], cancellationToken))[0];

    public Task<long[]> HeadsAsync(IReadOnlyList<string> streams, CancellationToken cancellationToken = default) => Run(async () =>
    {
        var heads = await Db.HashGetAsync(Heads, [.. streams.Select(s => (RedisValue)s)]);
        return heads.Select(h => h.IsNull ? 0L : (long)h).ToArray();
    });

    public Task TrimAsync(string stream, long throughPosition, CancellationToken cancellationToken = default) => Run(async () =>
    {
        await Db.ExecuteAsync("XTRIM", (RedisKey)StreamKey(stream), "MINID", Id(throughPosition + 1));
        return 0;
    });

    public Task<StoredSnapshot?> ReadSnapshotAsync(string key, CancellationToken cancellationToken = default) => Run(async () =>
    {
        var fields = await Db.HashGetAsync(SnapshotKey(key), ["v", "p", "d"]);
        return fields[0].IsNull ? null : new StoredSnapshot((long)fields[0], (long)fields[1], (byte[])fields[2]!);
    });

    public Task<long> WriteSnapshotAsync(string key, long expectedVersion, long position, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default) =>
        WriteSnapshotAsync(key, expectedVersion, position, payload, SnapshotParts.None, cancellationToken);

    public Task<long> WriteSnapshotAsync(string key, long expectedVersion, long position, ReadOnlyMemory<byte> payload, SnapshotParts parts, CancellationToken cancellationToken = default) => Run(async () =>
    {
        var values = new RedisValue[4 + (2 * parts.Put.Count) + parts.Removed.Count];
        values[0] = expectedVersion;
        values[1] = position;
        values[2] = payload;
        values[3] = parts.Put.Count;
        var i = 4;
        foreach (var part in parts.Put)
        {
            values[i++] = part.Name;
            values[i++] = part.Payload;
        }

        foreach (var name in parts.Removed)
        {
            values[i++] = name;
        }

        return (long)await Db.ScriptEvaluateAsync(SnapshotScript, [SnapshotKey(key), PartsKey(key)], values);
    });

    /// <summary>Read a page at a time (HSCAN): a shard's day of parts in one reply could outlast the fail-fast timeout.</summary>
    public Task<IReadOnlyList<SnapshotPart>> ReadSnapshotPartsAsync(string key, CancellationToken cancellationToken = default) => Run(async () =>
    {
        var parts = new List<SnapshotPart>();
        await foreach (var field in Db.HashScanAsync(PartsKey(key), pageSize: 1000).WithCancellation(cancellationToken))
        {
            parts.Add(new SnapshotPart(field.Name!, (byte[])field.Value!));
        }

        return (IReadOnlyList<SnapshotPart>)parts;
    });

    public Task DeleteSnapshotAsync(string key, long expectedVersion, CancellationToken cancellationToken = default) => Run(async () =>
        (long)await Db.ScriptEvaluateAsync(SnapshotScript, [SnapshotKey(key), PartsKey(key)], [expectedVersion, 0]));

    private RedisKey StreamKey(string stream) => prefix + "x:" + stream;

    private RedisKey SnapshotKey(string key) => prefix + "s:" + key;

    private RedisKey PartsKey(string key) => prefix + "p:" + key;

    private static string Id(long position) => position.ToString(CultureInfo.InvariantCulture) + "-0";

    private static long Position(RedisValue id)
    {
        var text = (string)id!;
        return long.Parse(text.AsSpan(0, text.IndexOf('-', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Maps Redis' failures to the store's two kinds: unavailable (retry later) and conflict. A connection reset while
    /// a call waits for its answer can surface as the socket's own exception (an <see cref="IOException"/>) rather than
    /// a <see cref="RedisConnectionException"/>: it is the same outage, and the fault test met it as a 500 once.
    /// </summary>
    internal static async Task<T> Run<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (RedisServerException ex) when (ex.Message.Contains("CONFLICT", StringComparison.Ordinal))
        {
            throw new StreamConflictException(ex.Message, ex);
        }
        catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException or ObjectDisposedException or IOException
            or SocketException
            || (ex is RedisServerException server && (server.Message.StartsWith("LOADING", StringComparison.Ordinal)
                || server.Message.StartsWith("READONLY", StringComparison.Ordinal) || server.Message.StartsWith("MISCONF", StringComparison.Ordinal))))
        {
            throw new StoreUnavailableException("Redis is unavailable: " + ex.Message, ex);
        }
    }
}
