using System.Globalization;

namespace ControlRoom.Cli.Ingest;

/// <summary>A one-line progress bar (percentage, count, rate) redrawn in place on stderr.</summary>
public sealed class ProgressBar(TextWriter writer, long total, TimeProvider clock, string unit = "events")
{
    private const int Width = 30;
    private static readonly TimeSpan RedrawEvery = TimeSpan.FromMilliseconds(200);
    private readonly long started = clock.GetTimestamp();
    private long lastDrawn = long.MinValue;
    private bool drawn;

    public TimeSpan Elapsed => clock.GetElapsedTime(started);

    public static double Rate(long count, TimeSpan elapsed) => elapsed.TotalSeconds <= 0 ? 0 : count / elapsed.TotalSeconds;

    /// <summary>Redraws at most five times a second, so drawing never slows the sending down.</summary>
    public void Report(long done, bool force = false)
    {
        var now = clock.GetTimestamp();
        if (!force && drawn && clock.GetElapsedTime(lastDrawn, now) < RedrawEvery)
        {
            return;
        }

        lastDrawn = now;
        drawn = true;
        var fraction = total <= 0 ? 1 : Math.Clamp((double)done / total, 0, 1);
        var filled = (int)Math.Round(fraction * Width);
        writer.Write(string.Create(CultureInfo.InvariantCulture,
            $"\r[{new string('#', filled)}{new string('.', Width - filled)}] {fraction * 100,5:0.0}%  {done:N0}/{total:N0} {unit}  {Rate(done, Elapsed),8:N0} {unit}/s"));
        writer.Flush();
    }

    /// <summary>Ends the bar's line so the next message starts on its own.</summary>
    public void Finish()
    {
        if (drawn)
        {
            writer.WriteLine();
            drawn = false;
        }
    }
}
