using ControlRoom.Contracts.Callbacks;
using ControlRoom.Host.Callbacks;

namespace ControlRoom.Host.Tests.Callbacks;

/// <summary>The worklist is read again only when an announcement may have been missed (issue 15: no minutely reload of 120,000 entries).</summary>
public sealed class CallbackWatermarkTests
{
    private static readonly Guid Book = Guid.NewGuid();

    private static CallbackPosition At(long sequence, Guid? epoch = null) => new(epoch ?? Book, sequence);

    [Fact]
    public void NewFollower_MustReadTheList()
    {
        new CallbackWatermark().MustReload(At(0)).Should().BeTrue();
    }

    [Fact]
    public void EveryAnnouncementSeen_NoReload()
    {
        var watermark = new CallbackWatermark();
        watermark.Reloaded(At(5));
        watermark.Seen(At(6));
        watermark.Seen(At(7));

        watermark.MustReload(At(7)).Should().BeFalse();
    }

    [Fact]
    public void MissedAnnouncement_MustReload()
    {
        var watermark = new CallbackWatermark();
        watermark.Reloaded(At(5));
        watermark.Seen(At(6));
        watermark.Seen(At(8));

        watermark.MustReload(At(8)).Should().BeTrue("announcement 7 never arrived");
    }

    [Fact]
    public void AnnouncementsOutOfOrder_CloseTheGap()
    {
        var watermark = new CallbackWatermark();
        watermark.Reloaded(At(5));
        watermark.Seen(At(7));
        watermark.Seen(At(6));

        watermark.MustReload(At(7)).Should().BeFalse();
    }

    [Fact]
    public void AnnouncementReadWithTheList_CountsAsSeen()
    {
        var watermark = new CallbackWatermark();
        watermark.Seen(At(4)); // arrived while the list was being read: not yet trusted
        watermark.Reloaded(At(5));
        watermark.Seen(At(4));

        watermark.MustReload(At(5)).Should().BeFalse();
        watermark.MustReload(At(6)).Should().BeTrue("announcement 6 was not seen");
    }

    [Fact]
    public void BookActivatedAgain_MustReload()
    {
        var watermark = new CallbackWatermark();
        watermark.Reloaded(At(5));
        watermark.Seen(At(1, Guid.NewGuid()));

        watermark.MustReload(At(1, Guid.NewGuid())).Should().BeTrue("a new activation's announcements start again from 1");
    }
}
