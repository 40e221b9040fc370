using ControlRoom.Contracts.Callbacks;

namespace ControlRoom.Host.Callbacks;

/// <summary>
/// Which of the book's numbered announcements this node has: every one up to <c>through</c>, and those seen beyond
/// a gap. The feed reads the whole worklist again only when the book's latest number says it may have missed one
/// (a lost one-way message, or a new activation of the book), not every minute: after a day that is 120,000 entries.
/// </summary>
public sealed class CallbackWatermark
{
    private readonly Lock gate = new();
    private readonly SortedSet<long> ahead = [];
    private Guid epoch;
    private long through;

    /// <summary>An announcement arrived. One of an activation this node has not read is left to <see cref="MustReload"/>.</summary>
    public void Seen(CallbackPosition position)
    {
        lock (gate)
        {
            if (position.Epoch == epoch && position.Sequence > through)
            {
                ahead.Add(position.Sequence);
                Advance();
            }
        }
    }

    /// <summary>Whether the list must be read again, given the number of the book's latest announcement.</summary>
    public bool MustReload(CallbackPosition latest)
    {
        lock (gate)
        {
            return epoch == Guid.Empty || latest.Epoch != epoch || latest.Sequence > through;
        }
    }

    /// <summary>The list was read after the book answered <paramref name="at"/>: every announcement up to it is in it.</summary>
    public void Reloaded(CallbackPosition at)
    {
        lock (gate)
        {
            if (at.Epoch != epoch)
            {
                epoch = at.Epoch;
                through = at.Sequence;
                ahead.Clear();
                return;
            }

            through = Math.Max(through, at.Sequence);
            ahead.RemoveWhere(s => s <= through);
            Advance();
        }
    }

    private void Advance()
    {
        while (ahead.Remove(through + 1))
        {
            through++;
        }
    }
}
