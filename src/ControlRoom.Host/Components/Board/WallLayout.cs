using ControlRoom.Contracts.Boards;

namespace ControlRoom.Host.Components.Board;

/// <summary>The room a board has on its screen, below its title and banners, in CSS pixels.</summary>
public readonly record struct WallArea(double Width, double Height)
{
    /// <summary>What a board assumes before the browser has measured it (a 1920×1080 wall): the prerendered page.</summary>
    public static WallArea Assumed { get; } = new(1888, 950);
}

/// <summary>
/// How a board fills its screen without ever scrolling: a grid of tiles sized from the screen and the number of
/// queues, the chart when there is room for it, and pages when there are more queues than readable tiles.
/// <para>
/// A tile is never smaller than its density's minimum, chosen so that the main figures stay readable at 5 m
/// (figures scale with the tile: see controlroom.css). The chart is the first thing to give way: it is shown only
/// when every queue still gets a comfortable tile beside it, because on a wall the figures of now matter more than
/// the last half hour. Beyond one screenful the board pages by itself; pages hold equal shares of the queues.
/// </para>
/// </summary>
public sealed record WallLayout(int Columns, int Rows, int PerPage, int Pages, bool ShowChart, double ChartHeight)
{
    /// <summary>Space between tiles and between the tiles and the chart (CSS: .75rem).</summary>
    public const double Gap = 12;

    /// <summary>Tiles wider than tall read best: two figures side by side, then rows of smaller ones.</summary>
    private const double PreferredAspect = 1.45;

    /// <summary>The smallest tile of each density (width, height); see docs/wall.md for the sizes they give the figures.</summary>
    public static (double Width, double Height) MinimumTile(BoardDensity density) => density switch
    {
        BoardDensity.Large => (560, 380),
        BoardDensity.Compact => (320, 230),
        _ => (430, 300),
    };

    /// <summary>The tile size below which the chart gives way to the tiles.</summary>
    public static (double Width, double Height) ComfortableTile(BoardDensity density) => density switch
    {
        BoardDensity.Large => (640, 420),
        BoardDensity.Compact => (380, 260),
        _ => (480, 300),
    };

    public static double ChartHeightFor(double areaHeight) => Math.Clamp(Math.Round(areaHeight * 0.27), 200, 320);

    public static WallLayout For(WallArea area, int tiles, BoardDensity density, bool chartWanted)
    {
        var width = Math.Max(area.Width, 1);
        var height = Math.Max(area.Height, 1);
        if (tiles <= 0)
        {
            return new WallLayout(1, 1, 0, 1, false, 0);
        }

        if (chartWanted)
        {
            var chartHeight = ChartHeightFor(height);
            var left = height - chartHeight - Gap;
            var comfortable = ComfortableTile(density);
            if (left > 0 && Fits(width, left, comfortable) is var (cols, rows) && cols * rows >= tiles)
            {
                var (c, r) = Grid(tiles, width, left, cols, rows);
                return new WallLayout(c, r, tiles, 1, true, chartHeight);
            }
        }

        var (maxColumns, maxRows) = Fits(width, height, MinimumTile(density));
        var capacity = maxColumns * maxRows;
        var pages = (tiles + capacity - 1) / capacity;
        var perPage = (tiles + pages - 1) / pages;
        var (columns, rowCount) = Grid(perPage, width, height, maxColumns, maxRows);
        return new WallLayout(columns, rowCount, perPage, pages, false, 0);
    }

    /// <summary>How many tiles of <paramref name="tile"/> size fit across and down (at least one of each).</summary>
    private static (int Columns, int Rows) Fits(double width, double height, (double Width, double Height) tile) =>
        (Math.Max(1, (int)Math.Floor((width + Gap) / (tile.Width + Gap))),
         Math.Max(1, (int)Math.Floor((height + Gap) / (tile.Height + Gap))));

    /// <summary>The grid for <paramref name="count"/> tiles whose tiles are closest to the preferred shape, with few empty cells.</summary>
    private static (int Columns, int Rows) Grid(int count, double width, double height, int maxColumns, int maxRows)
    {
        var best = (Columns: Math.Min(count, maxColumns), Rows: maxRows);
        var bestScore = double.MaxValue;
        for (var columns = 1; columns <= Math.Min(count, maxColumns); columns++)
        {
            var rows = (count + columns - 1) / columns;
            if (rows > maxRows)
            {
                continue;
            }

            var tileWidth = (width - ((columns - 1) * Gap)) / columns;
            var tileHeight = (height - ((rows - 1) * Gap)) / rows;
            var score = Math.Abs(Math.Log(tileWidth / tileHeight / PreferredAspect)) + (0.15 * ((columns * rows) - count));
            if (score < bestScore)
            {
                bestScore = score;
                best = (columns, rows);
            }
        }

        return best;
    }
}
