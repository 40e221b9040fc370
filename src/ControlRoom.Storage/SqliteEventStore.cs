using System.Collections.Concurrent;
using System.Text;
using System.Threading.Channels;
using ControlRoom.Grains.Durability;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using SQLitePCL;

namespace ControlRoom.Storage;

/// <summary>
/// The embedded default's store: one SQLite file in write-ahead-log mode with <c>synchronous=FULL</c>, so a commit
/// is on disk (fsync) before it is acknowledged. Every write goes through one writer task that commits whatever
/// is waiting in one transaction (group commit): a burst of journal appends costs one fsync, not one each. Reads
/// use their own pooled connections and see committed data only.
/// </summary>
public sealed partial class SqliteEventStore : IEventStore, IAsyncDisposable
{
    /// <summary>At most this many requests share one commit, so a burst still commits in small, bounded steps.</summary>
    private const int MaxGroup = 4096;

    private readonly string connectionString;
    private readonly SqliteConnection writer;
    private readonly Channel<WriteRequest> requests = Channel.CreateUnbounded<WriteRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, long> heads = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> versions = new(StringComparer.Ordinal);

    // Every stream and snapshot that exists, loaded at open and kept by the one writer: a grain activated for the
    // first time (10,000 agents at a shift's start) reads nothing instead of two empty queries. The data folder's
    // lock file makes this process the database's only writer, so the sets are exact.
    private readonly ConcurrentDictionary<string, byte> knownStreams = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> knownSnapshots = new(StringComparer.Ordinal);
    private readonly ILogger<SqliteEventStore> logger;
    private readonly Statements statements;
    private readonly Task loop;
    private volatile bool failing;

    public SqliteEventStore(string path, ILogger<SqliteEventStore> logger)
    {
        this.logger = logger;
        connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30 }.ToString();
        writer = new SqliteConnection(connectionString);
        writer.Open();
        // The WAL is copied into the database every 16,384 pages (64 MB, the size the file is cut back to) rather than
        // SQLite's 1,000: a commit dirties a page of the entries' index for each grain it touches, and the same pages
        // come back commit after commit, so a longer interval copies each of them once instead of many times. A large
        // room's day wrote 11-16 % fewer bytes (docs/performance.md, nineteenth pass). Durability is the commit's fsync of
        // the WAL, which this does not change. The writer keeps 32 MB of pages instead of SQLite's 2 MB: every append
        // walks the entries' index down to its stream's leaf, and with the default those pages were read again through the
        // kernel at every commit (a large room's day read 12.1 GB that way, 4.1 GB with this; the host's CPU over the day
        // 91-95 s against 98-100 s, docs/performance.md, twenty-eighth pass).
        Execute(writer, """
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = FULL;
            PRAGMA journal_size_limit = 67108864;
            PRAGMA wal_autocheckpoint = 16384;
            PRAGMA cache_size = -32768;
            CREATE TABLE IF NOT EXISTS streams (name TEXT PRIMARY KEY, head INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS entries (stream TEXT NOT NULL, position INTEGER NOT NULL, payload BLOB NOT NULL, PRIMARY KEY (stream, position));
            CREATE TABLE IF NOT EXISTS snapshots (key TEXT PRIMARY KEY, version INTEGER NOT NULL, position INTEGER NOT NULL, payload BLOB NOT NULL);
            CREATE TABLE IF NOT EXISTS snapshot_parts (key TEXT NOT NULL, part TEXT NOT NULL, payload BLOB NOT NULL, PRIMARY KEY (key, part));
            """);
        Load(writer, "SELECT name FROM streams", knownStreams);
        Load(writer, "SELECT key FROM snapshots", knownSnapshots);
        statements = new Statements(writer);
        loop = Task.Run(WriteLoop);
    }

    public string Path => writer.DataSource;

    /// <summary>False after a commit failed (a full or broken disk) until the next one succeeds.</summary>
    public bool IsAvailable => !failing;

    public Task<long[]> AppendAsync(IReadOnlyList<StreamAppend> appends, CancellationToken cancellationToken = default) =>
        Enqueue<long[]>(new AppendRequest(appends), cancellationToken);

    public async Task<IReadOnlyList<StreamEntry>> ReadAsync(string stream, long afterPosition, int max, CancellationToken cancellationToken = default) =>
        !knownStreams.ContainsKey(stream) ? [] : await QueryAsync(
            "SELECT position, payload FROM entries WHERE stream = $a AND position > $b ORDER BY position LIMIT $c",
            reader => new StreamEntry(reader.GetInt64(0), (byte[])reader.GetValue(1)), cancellationToken, stream, afterPosition, max);

    public async Task<long> HeadAsync(string stream, CancellationToken cancellationToken = default) =>
        (await HeadsAsync([stream], cancellationToken))[0];

    public async Task<long[]> HeadsAsync(IReadOnlyList<string> streams, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT head FROM streams WHERE name = $name";
        var name = command.Parameters.Add("$name", SqliteType.Text);
        var result = new long[streams.Count];
        for (var i = 0; i < streams.Count; i++)
        {
            if (!knownStreams.ContainsKey(streams[i]))
            {
                continue; // never written: head 0
            }

            name.Value = streams[i];
            result[i] = await command.ExecuteScalarAsync(cancellationToken) is long head ? head : 0;
        }

        return result;
    }

    public Task TrimAsync(string stream, long throughPosition, CancellationToken cancellationToken = default) =>
        Enqueue<long>(new TrimRequest(stream, throughPosition), cancellationToken);

    public async Task<StoredSnapshot?> ReadSnapshotAsync(string key, CancellationToken cancellationToken = default)
    {
        if (!knownSnapshots.ContainsKey(key))
        {
            return null;
        }

        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version, position, payload FROM snapshots WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new StoredSnapshot(reader.GetInt64(0), reader.GetInt64(1), (byte[])reader.GetValue(2))
            : null;
    }

    public Task<long> WriteSnapshotAsync(string key, long expectedVersion, long position, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default) =>
        WriteSnapshotAsync(key, expectedVersion, position, payload, SnapshotParts.None, cancellationToken);

    public Task<long> WriteSnapshotAsync(string key, long expectedVersion, long position, ReadOnlyMemory<byte> payload, SnapshotParts parts, CancellationToken cancellationToken = default) =>
        Enqueue<long>(new SnapshotRequest(key, expectedVersion, position, payload, parts), cancellationToken);

    public async Task<IReadOnlyList<SnapshotPart>> ReadSnapshotPartsAsync(string key, CancellationToken cancellationToken = default) =>
        !knownSnapshots.ContainsKey(key) ? [] : await QueryAsync(
            "SELECT part, payload FROM snapshot_parts WHERE key = $a",
            reader => new SnapshotPart(reader.GetString(0), (byte[])reader.GetValue(1)), cancellationToken, key);

    public Task DeleteSnapshotAsync(string key, long expectedVersion, CancellationToken cancellationToken = default) =>
        Enqueue<long>(new SnapshotRequest(key, expectedVersion, 0, null, SnapshotParts.None), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        requests.Writer.TryComplete();
        await loop;
        statements.Dispose();
        await writer.DisposeAsync();
    }

    private async Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch (SqliteException ex)
        {
            await connection.DisposeAsync();
            throw new StoreUnavailableException("The data folder's database cannot be read.", ex);
        }
    }

    /// <summary>The rows of a read on a pooled connection of its own; parameters are <c>$a</c>, <c>$b</c>, … in order.</summary>
    private async Task<List<T>> QueryAsync<T>(string sql, Func<SqliteDataReader, T> row, CancellationToken cancellationToken, params object[] parameters)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < parameters.Length; i++)
        {
            command.Parameters.AddWithValue("$" + (char)('a' + i), parameters[i]);
        }

        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(row(reader));
        }

        return rows;
    }

    private Task<T> Enqueue<T>(WriteRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!requests.Writer.TryWrite(request))
        {
            throw new StoreUnavailableException("The store is shutting down.");
        }

        return ((WriteRequest<T>)request).Completion.Task;
    }

    /// <summary>Takes what is waiting, writes it in one transaction, commits once, then answers every request.</summary>
    private async Task WriteLoop()
    {
        var group = new List<WriteRequest>(MaxGroup);
        var reader = requests.Reader;
        while (await reader.WaitToReadAsync())
        {
            group.Clear();
            while (group.Count < MaxGroup && reader.TryRead(out var request))
            {
                group.Add(request);
            }

            Commit(group);
        }
    }

    private void Commit(List<WriteRequest> group)
    {
        var groupHeads = new Dictionary<string, long>(StringComparer.Ordinal);
        var groupVersions = new Dictionary<string, long>(StringComparer.Ordinal);
        var outcomes = new object?[group.Count];
        try
        {
            using var transaction = writer.BeginTransaction();
            for (var i = 0; i < group.Count; i++)
            {
                outcomes[i] = group[i] switch
                {
                    AppendRequest append => Append(append, statements, groupHeads),
                    SnapshotRequest snapshot => Snapshot(snapshot, statements, groupVersions),
                    TrimRequest trim => Trim(trim, statements),
                    _ => throw new InvalidOperationException("Unknown request."),
                };
            }

            transaction.Commit();
        }
        catch (Exception ex)
        {
            failing = true;
            LogCommitFailed(ex, group.Count);
            heads.Clear();
            versions.Clear();
            var unavailable = new StoreUnavailableException("The data folder's database could not be written.", ex);
            foreach (var request in group)
            {
                request.Fail(unavailable);
            }

            return;
        }

        failing = false;
        foreach (var (stream, head) in groupHeads)
        {
            heads[stream] = head;

            // Read first: the read takes no lock, a write does, and readers' and grains' threads use the set too.
            if (!knownStreams.ContainsKey(stream))
            {
                knownStreams[stream] = 0;
            }
        }

        foreach (var (key, version) in groupVersions)
        {
            versions[key] = version;
            if (version == 0)
            {
                knownSnapshots.TryRemove(key, out _);
            }
            else if (!knownSnapshots.ContainsKey(key))
            {
                knownSnapshots[key] = 0;
            }
        }

        for (var i = 0; i < group.Count; i++)
        {
            group[i].Complete(outcomes[i]);
        }
    }

    /// <summary>A fence that does not hold is this request's conflict alone: it writes nothing, the others go on.</summary>
    private object Append(AppendRequest request, Statements statements, Dictionary<string, long> groupHeads)
    {
        var current = new long[request.Appends.Count];
        for (var i = 0; i < request.Appends.Count; i++)
        {
            var append = request.Appends[i];
            current[i] = groupHeads.TryGetValue(append.Stream, out var inGroup) ? inGroup : HeadOf(append.Stream, statements);
            if (append.ExpectedHead is { } expected && expected != current[i])
            {
                return new StreamConflictException($"Stream {append.Stream} is at {current[i]}, not {expected}: another writer appended.");
            }
        }

        var positions = new long[request.Appends.Count];
        for (var i = 0; i < request.Appends.Count; i++)
        {
            var append = request.Appends[i];
            var position = (groupHeads.TryGetValue(append.Stream, out var inGroup) ? inGroup : current[i]) + 1;
            statements.InsertEntry(append.Stream, position, append.Payload);
            statements.SetHead(append.Stream, position);
            groupHeads[append.Stream] = position;
            positions[i] = position;
        }

        return positions;
    }

    private object Snapshot(SnapshotRequest request, Statements statements, Dictionary<string, long> groupVersions)
    {
        var current = groupVersions.TryGetValue(request.Key, out var inGroup) ? inGroup
            : versions.TryGetValue(request.Key, out var known) ? known
            : statements.VersionOf(request.Key);
        if (current != request.ExpectedVersion)
        {
            return new StreamConflictException($"State {request.Key} is at version {current}, not {request.ExpectedVersion}: another writer saved it.");
        }

        if (request.Payload is not { } payload)
        {
            statements.DeleteSnapshot(request.Key);
            statements.DeleteParts(request.Key);
            groupVersions[request.Key] = 0;
            return 0L;
        }

        var version = current + 1;
        statements.PutSnapshot(request.Key, version, request.Position, payload);
        foreach (var part in request.Parts.Put)
        {
            statements.PutPart(request.Key, part.Name, part.Payload);
        }

        foreach (var name in request.Parts.Removed)
        {
            statements.DeletePart(request.Key, name);
        }

        groupVersions[request.Key] = version;
        return version;
    }

    private static object Trim(TrimRequest request, Statements statements)
    {
        statements.Trim(request.Stream, request.Through);
        return 0L;
    }

    private long HeadOf(string stream, Statements statements)
    {
        if (!heads.TryGetValue(stream, out var head))
        {
            head = statements.HeadOf(stream);
            heads[stream] = head;
        }

        return head;
    }

    private static void Load(SqliteConnection connection, string sql, ConcurrentDictionary<string, byte> into)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            into[reader.GetString(0)] = 0;
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not commit {Count} writes to the data folder's database; they were refused")]
    private partial void LogCommitFailed(Exception exception, int count);

    /// <summary>
    /// The writer's statements, prepared once for the store's lifetime on the writer's connection and run inside the
    /// transaction it opened there. They bind and step through SQLite's own API: the ADO.NET command path allocated a
    /// data reader, a statement enumerator, a binder per parameter and the stream name's UTF-8 bytes for every
    /// statement, 8 % of everything the host allocated in a large room's day (allocation profile), for a million
    /// journal entries a day. SQLite copies text and blobs when they are bound.
    /// </summary>
    private sealed class Statements : IDisposable
    {
        private readonly sqlite3 db;
        private readonly List<sqlite3_stmt> prepared = [];
        private sqlite3_stmt? insertEntry, setHead, headOf, versionOf, putSnapshot, deleteSnapshot, putPart, deletePart, deleteParts, trim;

        public Statements(SqliteConnection connection)
        {
            db = connection.Handle!;

            // SQLite's own calls have no retry loop: a lock held elsewhere (none is expected) is waited for as long as
            // the connection's commands would wait.
            Check(raw.sqlite3_busy_timeout(db, connection.DefaultTimeout * 1000));
        }

        public void Dispose()
        {
            foreach (var statement in prepared)
            {
                statement.Dispose();
            }
        }

        public void InsertEntry(string stream, long position, ReadOnlyMemory<byte> payload)
        {
            var statement = insertEntry ??= Prepare("INSERT INTO entries (stream, position, payload) VALUES (?1, ?2, ?3)");
            Text(statement, 1, stream);
            Check(raw.sqlite3_bind_int64(statement, 2, position));
            Blob(statement, 3, payload.Span);
            Run(statement);
        }

        public void SetHead(string stream, long head)
        {
            var statement = setHead ??= Prepare("INSERT INTO streams (name, head) VALUES (?1, ?2) ON CONFLICT (name) DO UPDATE SET head = excluded.head");
            Text(statement, 1, stream);
            Check(raw.sqlite3_bind_int64(statement, 2, head));
            Run(statement);
        }

        public long HeadOf(string stream)
        {
            var statement = headOf ??= Prepare("SELECT head FROM streams WHERE name = ?1");
            Text(statement, 1, stream);
            return Scalar(statement);
        }

        public long VersionOf(string key)
        {
            var statement = versionOf ??= Prepare("SELECT version FROM snapshots WHERE key = ?1");
            Text(statement, 1, key);
            return Scalar(statement);
        }

        public void PutSnapshot(string key, long version, long position, ReadOnlyMemory<byte> payload)
        {
            var statement = putSnapshot ??= Prepare("INSERT INTO snapshots (key, version, position, payload) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (key) DO UPDATE SET version = excluded.version, position = excluded.position, payload = excluded.payload");
            Text(statement, 1, key);
            Check(raw.sqlite3_bind_int64(statement, 2, version));
            Check(raw.sqlite3_bind_int64(statement, 3, position));
            Blob(statement, 4, payload.Span);
            Run(statement);
        }

        public void DeleteSnapshot(string key)
        {
            var statement = deleteSnapshot ??= Prepare("DELETE FROM snapshots WHERE key = ?1");
            Text(statement, 1, key);
            Run(statement);
        }

        public void PutPart(string key, string part, byte[] payload)
        {
            var statement = putPart ??= Prepare("INSERT INTO snapshot_parts (key, part, payload) VALUES (?1, ?2, ?3) ON CONFLICT (key, part) DO UPDATE SET payload = excluded.payload");
            Text(statement, 1, key);
            Text(statement, 2, part);
            Blob(statement, 3, payload);
            Run(statement);
        }

        public void DeletePart(string key, string part)
        {
            var statement = deletePart ??= Prepare("DELETE FROM snapshot_parts WHERE key = ?1 AND part = ?2");
            Text(statement, 1, key);
            Text(statement, 2, part);
            Run(statement);
        }

        public void DeleteParts(string key)
        {
            var statement = deleteParts ??= Prepare("DELETE FROM snapshot_parts WHERE key = ?1");
            Text(statement, 1, key);
            Run(statement);
        }

        public void Trim(string stream, long through)
        {
            var statement = trim ??= Prepare("DELETE FROM entries WHERE stream = ?1 AND position <= ?2");
            Text(statement, 1, stream);
            Check(raw.sqlite3_bind_int64(statement, 2, through));
            Run(statement);
        }

        private sqlite3_stmt Prepare(string sql)
        {
            Check(raw.sqlite3_prepare_v2(db, sql, out var statement));
            prepared.Add(statement);
            return statement;
        }

        /// <summary>Binds text as UTF-8, the database's encoding, from a buffer on the stack for names of usual length.</summary>
        private void Text(sqlite3_stmt statement, int index, string value)
        {
            var most = Encoding.UTF8.GetMaxByteCount(value.Length);
            var buffer = most <= 512 ? stackalloc byte[512] : new byte[most];
            Check(raw.sqlite3_bind_text(statement, index, buffer[..Encoding.UTF8.GetBytes(value, buffer)]));
        }

        private void Blob(sqlite3_stmt statement, int index, ReadOnlySpan<byte> payload) =>
            Check(raw.sqlite3_bind_blob(statement, index, payload));

        private void Run(sqlite3_stmt statement)
        {
            try
            {
                var result = raw.sqlite3_step(statement);
                if (result != raw.SQLITE_DONE)
                {
                    SqliteException.ThrowExceptionForRC(result, db);
                }
            }
            finally
            {
                raw.sqlite3_reset(statement);
            }
        }

        /// <summary>The first column of the first row as a number; 0 when there is no row.</summary>
        private long Scalar(sqlite3_stmt statement)
        {
            try
            {
                var result = raw.sqlite3_step(statement);
                if (result == raw.SQLITE_ROW)
                {
                    return raw.sqlite3_column_int64(statement, 0);
                }

                if (result != raw.SQLITE_DONE)
                {
                    SqliteException.ThrowExceptionForRC(result, db);
                }

                return 0;
            }
            finally
            {
                raw.sqlite3_reset(statement);
            }
        }

        private void Check(int result)
        {
            if (result != raw.SQLITE_OK)
            {
                SqliteException.ThrowExceptionForRC(result, db);
            }
        }
    }

    private abstract class WriteRequest
    {
        public abstract void Complete(object? outcome);

        public abstract void Fail(Exception exception);
    }

    private abstract class WriteRequest<T> : WriteRequest
    {
        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override void Complete(object? outcome)
        {
            if (outcome is Exception exception)
            {
                Completion.TrySetException(exception);
            }
            else
            {
                Completion.TrySetResult((T)outcome!);
            }
        }

        public override void Fail(Exception exception) => Completion.TrySetException(exception);
    }

    private sealed class AppendRequest(IReadOnlyList<StreamAppend> appends) : WriteRequest<long[]>
    {
        public IReadOnlyList<StreamAppend> Appends { get; } = appends;
    }

    private sealed class SnapshotRequest(string key, long expectedVersion, long position, ReadOnlyMemory<byte>? payload, SnapshotParts parts) : WriteRequest<long>
    {
        public SnapshotParts Parts { get; } = parts;

        public string Key { get; } = key;
        public long ExpectedVersion { get; } = expectedVersion;
        public long Position { get; } = position;
        public ReadOnlyMemory<byte>? Payload { get; } = payload;
    }

    private sealed class TrimRequest(string stream, long through) : WriteRequest<long>
    {
        public string Stream { get; } = stream;
        public long Through { get; } = through;
    }
}
