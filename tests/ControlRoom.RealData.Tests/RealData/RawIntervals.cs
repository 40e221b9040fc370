using System.Globalization;

namespace ControlRoom.RealData.Tests.RealData;

/// <summary>The expected figures of one queue's 15-minute interval, summed straight from raw records.</summary>
public sealed class RawInterval
{
    public int Offered { get; set; }
    public int Answered { get; set; }
    public int Abandoned { get; set; }
    public int ShortAbandoned { get; set; }
    public int AnsweredWithinThreshold { get; set; }
    public long WaitSeconds { get; set; }
    public long HandleSeconds { get; set; }

    public double? Asa => Answered == 0 ? null : (double)WaitSeconds / Answered;

    /// <summary>Every answered call of the bank ends (ser_exit), so the handled calls are the answered ones.</summary>
    public double? Aht => Answered == 0 ? null : (double)HandleSeconds / Answered;
}

/// <summary>
/// An independent computation of contract §2's interval figures from the raw anonymous-bank records, written
/// without the converter or the domain: plain seconds since the record's date, summed per (queue, interval).
/// </summary>
/// <remarks>
/// How each quirk of the data is treated (README "Quirks"):
/// <list type="bullet">
/// <item>PHANTOM records: ignored. HANG with q_start 0:00:00: hung up in the VRU, never offered: ignored.</item>
/// <item>Midnight crossings: walking the record's times in order (vru_entry, vru_exit, q_start, q_exit, ser_start,
/// ser_exit), a time more than 12 h before the previous one is on the next day. Smaller steps back are not midnight:
/// negative vru_time, service starting a second (or, for priority callers, minutes) before q_exit.</item>
/// <item>Service starting before the offer: the wait is floored at 0 (README); the handle time is still
/// ser_exit − ser_start, the agent system's own clock for both ends.</item>
/// <item>AGENT with q_start 0:00:00: offered at vru_exit (it went straight to an agent).</item>
/// <item>AGENT with ser_start and ser_exit both 0:00:00 (service times missing): answered when it left the queue
/// (q_exit, or vru_exit when it never queued) with handle time 0. AGENT with ser_time 0: handle time 0.</item>
/// <item>AGENT with server NO_SERVER: answered by the agent "NO_SERVER", counted like any answer.</item>
/// <item>HANG with service times filled in: the service columns are ignored; it is an abandon at q_exit.</item>
/// <item>Priority callers jumping the queue: irrelevant here, every call's wait is its own.</item>
/// <item>Interval: the 15-minute slot (UTC, times read as UTC) of the offer, as contract §2 says.</item>
/// </list>
/// </remarks>
public static class RawIntervals
{
    public const int ThresholdSeconds = 20;
    public const int ShortAbandonSeconds = 5;
    private const int Day = 86_400;

    public static Dictionary<(string Queue, DateTimeOffset Start), RawInterval> Compute(string path)
    {
        var result = new Dictionary<(string, DateTimeOffset), RawInterval>();
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            if (line.Length == 0)
            {
                continue;
            }

            var f = line.Split('\t');
            var queue = f[4];
            var outcome = f[12];
            var queued = f[9] != "0:00:00";
            var serviceKnown = f[13] != "0:00:00" || f[14] != "0:00:00";
            if (outcome == "PHANTOM" || (outcome == "HANG" && !queued))
            {
                continue;
            }

            // Seconds since the record's date midnight, in record order, unwrapped across midnight.
            var last = int.MinValue;
            int Next(string clock)
            {
                var parts = clock.Split(':').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
                var s = (parts[0] * 3600) + (parts[1] * 60) + parts[2];
                while (last != int.MinValue && s < last - (Day / 2))
                {
                    s += Day;
                }

                last = s;
                return s;
            }

            Next(f[6]);
            var vruExit = Next(f[7]);
            var qStart = queued ? Next(f[9]) : vruExit;
            var qExit = queued ? Next(f[10]) : vruExit;
            var offered = qStart;

            var date = DateTimeOffset.ParseExact(f[5], "yyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            var slot = date.AddSeconds(offered - (offered % 900));
            if (!result.TryGetValue((queue, slot), out var interval))
            {
                interval = new RawInterval();
                result[(queue, slot)] = interval;
            }

            interval.Offered++;
            if (outcome == "HANG")
            {
                interval.Abandoned++;
                if (Math.Max(0, qExit - qStart) <= ShortAbandonSeconds)
                {
                    interval.ShortAbandoned++;
                }

                continue;
            }

            var answered = qExit;
            var ended = qExit;
            if (serviceKnown && outcome == "AGENT")
            {
                answered = Next(f[13]);
                ended = Next(f[14]);
            }

            var wait = Math.Max(0, answered - offered);
            interval.Answered++;
            interval.WaitSeconds += wait;
            interval.AnsweredWithinThreshold += wait <= ThresholdSeconds ? 1 : 0;
            interval.HandleSeconds += Math.Max(0, ended - answered);
        }

        return result;
    }
}
