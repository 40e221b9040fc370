using ControlRoom.Contracts.Boards;
using ControlRoom.Host.Components.Board;

namespace ControlRoom.Host.Tests.Board;

/// <summary>How a board fills a screen, without a browser (the browser tests measure the real boxes).</summary>
public sealed class WallLayoutTests
{
    // The room a board has below the top bar and its title, at the two screen sizes the wall is checked at.
    private static readonly WallArea FullHd = new(1888, 955);
    private static readonly WallArea Laptop = new(1334, 645);

    [Fact]
    public void TwelveQueues_OnAFullHdWall_FitOnOneScreen_AndTheChartGivesWay()
    {
        var layout = WallLayout.For(FullHd, 12, BoardDensity.Normal, chartWanted: true);

        layout.Pages.Should().Be(1);
        layout.PerPage.Should().Be(12);
        (layout.Columns * layout.Rows).Should().BeGreaterThanOrEqualTo(12);
        layout.ShowChart.Should().BeFalse("twelve tiles need the room more than the last half hour does");
    }

    [Fact]
    public void SixQueues_OnAFullHdWall_KeepTheChart()
    {
        var layout = WallLayout.For(FullHd, 6, BoardDensity.Normal, chartWanted: true);

        layout.ShowChart.Should().BeTrue();
        (layout.Columns, layout.Rows).Should().Be((3, 2));
    }

    [Fact]
    public void SixQueues_OnALaptop_FitOnOneScreen()
    {
        var layout = WallLayout.For(Laptop, 6, BoardDensity.Normal, chartWanted: true);

        layout.Pages.Should().Be(1);
        (layout.Columns, layout.Rows).Should().Be((3, 2));
    }

    [Fact]
    public void TwoQueues_UseTheWholeWidth()
    {
        var layout = WallLayout.For(FullHd, 2, BoardDensity.Normal, chartWanted: true);

        (layout.Columns, layout.Rows).Should().Be((2, 1));
    }

    [Fact]
    public void MoreQueuesThanFit_ArePagedInEqualShares_NeverBelowTheMinimumTile()
    {
        var layout = WallLayout.For(Laptop, 14, BoardDensity.Normal, chartWanted: true);

        layout.Pages.Should().Be(3, "six readable tiles fit a laptop screen");
        layout.PerPage.Should().Be(5);
        layout.ShowChart.Should().BeFalse();
        var (minWidth, minHeight) = WallLayout.MinimumTile(BoardDensity.Normal);
        ((Laptop.Width - ((layout.Columns - 1) * WallLayout.Gap)) / layout.Columns).Should().BeGreaterThanOrEqualTo(minWidth);
        ((Laptop.Height - ((layout.Rows - 1) * WallLayout.Gap)) / layout.Rows).Should().BeGreaterThanOrEqualTo(minHeight);
    }

    [Fact]
    public void AThousandQueues_ArePagedAScreenfulAtATime()
    {
        var layout = WallLayout.For(FullHd, 1000, BoardDensity.Normal, chartWanted: true);

        layout.PerPage.Should().BeLessThanOrEqualTo(12);
        (layout.Pages * layout.PerPage).Should().BeGreaterThanOrEqualTo(1000);
    }

    [Theory]
    [InlineData(BoardDensity.Compact)]
    [InlineData(BoardDensity.Normal)]
    [InlineData(BoardDensity.Large)]
    public void DensierBoards_HoldMoreTilesPerScreen(BoardDensity density)
    {
        var layout = WallLayout.For(FullHd, 40, density, chartWanted: false);

        var expected = density switch { BoardDensity.Compact => 14, BoardDensity.Normal => 10, _ => 6 };
        layout.PerPage.Should().Be(expected);
    }
}
