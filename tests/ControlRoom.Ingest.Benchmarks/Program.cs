using System.Diagnostics;
using System.Globalization;
using ControlRoom.Ingest.Benchmarks;

// Usage: ControlRoom.Ingest.Benchmarks [http|silo|domain] [--batch N] [--parallel N] [--months N] [--rounds N] [--published DIR] [FILE.ndjson ...]
// http: the whole embedded host on Kestrel, posted NDJSON like the replay tool (client on the same cores); with
// --published, a host published to DIR in its own process instead (ReadyToRun, as deployed);
// silo: the same silo fed through its event ingestor, no HTTP; domain: the pure domain on one thread.
// Without files a generated stream is used (--months synthetic months of calls, two by default, to show
// whether the rate falls as state accumulates). Each stream runs in order on the same silo or domain, and its rate is printed.
// --rounds N sends the streams N times, each round later in time and with ids of its own (EventFile.Later), so that a
// host is measured in steady state (JIT done, snapshots and collections at their usual pace), not only in its first minute.
var mode = args.FirstOrDefault(a => a is "http" or "silo" or "domain") ?? "silo";
var batch = 1000;
var parallel = 1;
var months = 2;
var rounds = 1;
var files = new List<string>();
string? published = null;
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--batch")
    {
        batch = int.Parse(args[++i], CultureInfo.InvariantCulture);
    }
    else if (args[i] == "--parallel")
    {
        // Requests in flight at once, as several connectors (or one that pipelines) would send: the durable path
        // waits for commits, and concurrent requests share them.
        parallel = int.Parse(args[++i], CultureInfo.InvariantCulture);
    }
    else if (args[i] == "--published")
    {
        // http against a published host in its own process (see PublishedTarget) instead of the embedded build.
        published = args[++i];
    }
    else if (args[i] == "--rounds")
    {
        rounds = int.Parse(args[++i], CultureInfo.InvariantCulture);
    }
    else if (args[i] == "--months")
    {
        months = int.Parse(args[++i], CultureInfo.InvariantCulture);
    }
    else if (args[i] is not ("http" or "silo" or "domain"))
    {
        files.Add(args[i]);
    }
}

var streams = files.Count > 0
    ? files.Select(EventFile.Read).ToList()
    : [.. Enumerable.Range(1, months).Select(m => Generated.Month(seed: m, month: m))];
streams = [.. streams, .. Enumerable.Range(1, rounds - 1).SelectMany(round => EventFile.Later(streams, round))];

Console.WriteLine($"mode {mode}, batch {batch}, parallel {parallel}, {Environment.ProcessorCount} cores, server GC {System.Runtime.GCSettings.IsServerGC}");
await using IIngestTarget target = mode switch
{
    "domain" => new DomainTarget(),
    "http" when published is not null => await PublishedTarget.StartAsync(published),
    "http" => await HttpTarget.StartAsync(),
    _ => await SiloTarget.StartAsync(),
};
// A warm-up day in queues of its own, so the first stream measured is not the one that pays for the JIT.
var warmup = Generated.Month(seed: 99, month: 12, callsPerDay: 2000, days: 1, queuePrefix: "warmup-");
await target.IngestAsync(warmup.Events, warmup.Lines);
foreach (var (name, events, lines) in streams)
{
    var (gen0, gen1, gen2, paused) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());
    var stopwatch = Stopwatch.StartNew();
    long accepted = 0, duplicates = 0;
    var inFlight = new List<Task<(int Accepted, int Duplicates)>>();
    for (var at = 0; at < events.Count; at += batch)
    {
        var count = Math.Min(batch, events.Count - at);
        inFlight.Add(target.IngestAsync(events.GetRange(at, count), lines.GetRange(at, count)));
        while (inFlight.Count >= parallel || (at + batch >= events.Count && inFlight.Count > 0))
        {
            // A sliding window: the next request goes as soon as one of those in flight is answered.
            var done = await Task.WhenAny(inFlight);
            inFlight.Remove(done);
            var (a, d) = await done;
            accepted += a;
            duplicates += d;
        }
    }

    stopwatch.Stop();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name,-20} {events.Count,9:N0} events ({accepted:N0} accepted, {duplicates:N0} duplicates) in {stopwatch.Elapsed.TotalSeconds,6:F2} s: {events.Count / stopwatch.Elapsed.TotalSeconds,9:N0} events/s; " +
        $"this process's GC {GC.CollectionCount(0) - gen0}/{GC.CollectionCount(1) - gen1}/{GC.CollectionCount(2) - gen2} (gen0/1/2), paused {(GC.GetTotalPauseDuration() - paused).TotalMilliseconds:F0} ms"));
}
