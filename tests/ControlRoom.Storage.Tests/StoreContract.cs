using System.Text;
using ControlRoom.Grains.Durability;

namespace ControlRoom.Storage.Tests;

/// <summary>
/// What the grains rely on from a store, checked against each real implementation: dense positions per stream,
/// atomic multi-stream appends, fences that refuse a stale writer without writing anything, reads and trims that
/// keep the head, and versioned snapshots.
/// </summary>
public abstract class StoreContract
{
    protected abstract IEventStore Store { get; }

    private static string NewStream(string name) => $"test/{name}/{Guid.NewGuid():N}";

    private static ReadOnlyMemory<byte> Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    [Fact]
    public async Task Append_GivesDensePositionsPerStream_FromOne()
    {
        var a = NewStream("a");
        var b = NewStream("b");

        var first = await Store.AppendAsync([new(a, Bytes("a1")), new(b, Bytes("b1"))]);
        var second = await Store.AppendAsync([new(a, Bytes("a2"))]);

        first.Should().Equal(1, 1);
        second.Should().Equal(2);
        (await Store.HeadsAsync([a, b, NewStream("never")])).Should().Equal(2, 1, 0);
    }

    [Fact]
    public async Task Append_WithAStaleFence_WritesNothingOfTheCall()
    {
        var a = NewStream("a");
        var b = NewStream("b");
        await Store.AppendAsync([new(a, Bytes("a1"))]);

        var stale = () => Store.AppendAsync([new(b, Bytes("b1")), new(a, Bytes("a2"), ExpectedHead: 0)]);

        await stale.Should().ThrowAsync<StreamConflictException>();
        (await Store.HeadsAsync([a, b])).Should().Equal(1, 0);
        (await Store.ReadAsync(b, 0, 10)).Should().BeEmpty();
    }

    [Fact]
    public async Task Append_WithTheRightFence_Appends()
    {
        var a = NewStream("a");
        await Store.AppendAsync([new(a, Bytes("a1"), ExpectedHead: 0)]);
        var positions = await Store.AppendAsync([new(a, Bytes("a2"), ExpectedHead: 1)]);

        positions.Should().Equal(2);
    }

    [Fact]
    public async Task ConcurrentAppends_GetDistinctPositions_AndAllAreRead()
    {
        var a = NewStream("a");

        var positions = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Store.AppendAsync([new(a, Bytes($"e{i}"))])));

        positions.Select(p => p[0]).Order().Should().Equal(Enumerable.Range(1, 200).Select(i => (long)i));
        var read = await Store.ReadAsync(a, 0, 1000);
        read.Select(e => e.Position).Should().Equal(Enumerable.Range(1, 200).Select(i => (long)i));
        read.Select(e => Text(e.Payload)).Should().OnlyHaveUniqueItems().And.HaveCount(200);
    }

    [Fact]
    public async Task Read_StartsAfterThePosition_InOrder_AtMostMax()
    {
        var a = NewStream("a");
        for (var i = 1; i <= 5; i++)
        {
            await Store.AppendAsync([new(a, Bytes($"e{i}"))]);
        }

        var page = await Store.ReadAsync(a, 2, 2);

        page.Select(e => (e.Position, Text(e.Payload))).Should().Equal((3L, "e3"), (4L, "e4"));
    }

    [Fact]
    public async Task Trim_ForgetsEntriesUpToThePosition_AndKeepsTheHead()
    {
        var a = NewStream("a");
        for (var i = 1; i <= 4; i++)
        {
            await Store.AppendAsync([new(a, Bytes($"e{i}"))]);
        }

        await Store.TrimAsync(a, 3);
        var next = await Store.AppendAsync([new(a, Bytes("e5"))]);

        (await Store.ReadAsync(a, 0, 10)).Select(e => e.Position).Should().Equal(4, 5);
        next.Should().Equal(5);
        (await Store.HeadAsync(a)).Should().Be(5);
    }

    [Fact]
    public async Task Trim_OfEveryEntry_KeepsTheHead_ForTheNextFencedAppend()
    {
        var a = NewStream("a");
        await Store.AppendAsync([new(a, Bytes("e1")), new(a, Bytes("e2"))]);

        await Store.TrimAsync(a, 2);

        (await Store.ReadAsync(a, 0, 10)).Should().BeEmpty();
        (await Store.HeadAsync(a)).Should().Be(2);
        (await Store.AppendAsync([new(a, Bytes("e3"), ExpectedHead: 2)])).Should().Equal(3);
    }

    [Fact]
    public async Task Snapshot_IsVersioned_AndAStaleWriteIsRefused()
    {
        var key = NewStream("state");

        var v1 = await Store.WriteSnapshotAsync(key, 0, 7, Bytes("one"));
        var v2 = await Store.WriteSnapshotAsync(key, v1, 9, Bytes("two"));
        var stale = () => Store.WriteSnapshotAsync(key, v1, 10, Bytes("stale"));

        await stale.Should().ThrowAsync<StreamConflictException>();
        var read = await Store.ReadSnapshotAsync(key);
        (read!.Version, read.Position, Text(read.Payload)).Should().Be((v2, 9L, "two"));
        v2.Should().Be(v1 + 1);
    }

    [Fact]
    public async Task Snapshot_Delete_NeedsTheCurrentVersion_ThenItIsGone()
    {
        var key = NewStream("state");
        var version = await Store.WriteSnapshotAsync(key, 0, 0, Bytes("x"));

        var stale = () => Store.DeleteSnapshotAsync(key, version + 1);
        await stale.Should().ThrowAsync<StreamConflictException>();
        await Store.DeleteSnapshotAsync(key, version);

        (await Store.ReadSnapshotAsync(key)).Should().BeNull();
        (await Store.WriteSnapshotAsync(key, 0, 0, Bytes("again"))).Should().Be(1);
    }

    [Fact]
    public async Task SnapshotParts_ChangeOnlyWhatIsNamed_WithTheSnapshot()
    {
        var key = NewStream("parts");

        var v1 = await Store.WriteSnapshotAsync(key, 0, 3, Bytes("h1"), new SnapshotParts([Part("a", "a1"), Part("b", "b1"), Part("c", "c1")], []));
        var v2 = await Store.WriteSnapshotAsync(key, v1, 5, Bytes("h2"), new SnapshotParts([Part("b", "b2"), Part("d", "d1")], ["c"]));

        (await Store.ReadSnapshotAsync(key))!.Position.Should().Be(5);
        Parts(await Store.ReadSnapshotPartsAsync(key)).Should().BeEquivalentTo(["a=a1", "b=b2", "d=d1"]);
        v2.Should().Be(v1 + 1);
    }

    [Fact]
    public async Task ASnapshotWhollyInParts_HasAnEmptyPayload_NotNone()
    {
        var key = NewStream("parts-only");

        var version = await Store.WriteSnapshotAsync(key, 0, 7, ReadOnlyMemory<byte>.Empty, new SnapshotParts([Part("a", "a1")], []));

        var snapshot = await Store.ReadSnapshotAsync(key);
        snapshot.Should().NotBeNull();
        snapshot!.Version.Should().Be(version);
        snapshot.Position.Should().Be(7);
        snapshot.Payload.Should().BeEmpty();
        Parts(await Store.ReadSnapshotPartsAsync(key)).Should().BeEquivalentTo(["a=a1"]);
    }

    [Fact]
    public async Task SnapshotParts_WithAStaleVersion_WriteNothing()
    {
        var key = NewStream("parts");
        var v1 = await Store.WriteSnapshotAsync(key, 0, 3, Bytes("h1"), new SnapshotParts([Part("a", "a1")], []));
        await Store.WriteSnapshotAsync(key, v1, 4, Bytes("h2"), SnapshotParts.None);

        var stale = () => Store.WriteSnapshotAsync(key, v1, 9, Bytes("stale"), new SnapshotParts([Part("a", "stale"), Part("z", "stale")], ["a"]));

        await stale.Should().ThrowAsync<StreamConflictException>();
        Parts(await Store.ReadSnapshotPartsAsync(key)).Should().Equal("a=a1");
        (await Store.ReadSnapshotAsync(key))!.Position.Should().Be(4);
    }

    [Fact]
    public async Task SnapshotDelete_RemovesItsParts()
    {
        var key = NewStream("parts");
        var version = await Store.WriteSnapshotAsync(key, 0, 1, Bytes("h"), new SnapshotParts([Part("a", "a1"), Part("b", "b1")], []));

        await Store.DeleteSnapshotAsync(key, version);

        (await Store.ReadSnapshotPartsAsync(key)).Should().BeEmpty();
        (await Store.ReadSnapshotPartsAsync(NewStream("never"))).Should().BeEmpty();
    }

    [Fact]
    public async Task SnapshotParts_ManyMoreThanAReadPage_AreAllReadBack()
    {
        var key = NewStream("parts");
        var names = Enumerable.Range(0, 2_500).Select(i => $"interaction-{i}").ToArray();

        await Store.WriteSnapshotAsync(key, 0, 1, Bytes("h"), new SnapshotParts([.. names.Select(n => Part(n, n))], []));

        Parts(await Store.ReadSnapshotPartsAsync(key)).Order(StringComparer.Ordinal).Should()
            .Equal(names.Select(n => n + "=" + n).Order(StringComparer.Ordinal));
    }

    private static SnapshotPart Part(string name, string text) => new(name, Encoding.UTF8.GetBytes(text));

    private static IEnumerable<string> Parts(IReadOnlyList<SnapshotPart> parts) => parts.Select(p => p.Name + "=" + Text(p.Payload));

    [Fact]
    public async Task LargeEntriesAndSnapshots_RoundTrip()
    {
        var a = NewStream("big");
        var payload = new byte[3 * 1024 * 1024];
        Random.Shared.NextBytes(payload);

        await Store.AppendAsync([new(a, payload)]);
        await Store.WriteSnapshotAsync(a, 0, 1, payload);

        (await Store.ReadAsync(a, 0, 1)).Single().Payload.Should().Equal(payload);
        (await Store.ReadSnapshotAsync(a))!.Payload.Should().Equal(payload);
    }

    [Fact]
    public async Task PayloadsThatArePartOfAnArray_StoreOnlyTheirPart()
    {
        var a = NewStream("slice");
        var buffer = Encoding.UTF8.GetBytes("[entry][state]");

        await Store.AppendAsync([new(a, buffer.AsMemory(0, 7))]);
        await Store.WriteSnapshotAsync(a, 0, 1, buffer.AsMemory(7));
        buffer.AsSpan().Clear(); // what was stored is a copy: the caller may reuse its buffer

        Text((await Store.ReadAsync(a, 0, 1)).Single().Payload).Should().Be("[entry]");
        Text((await Store.ReadSnapshotAsync(a))!.Payload).Should().Be("[state]");
    }
}
