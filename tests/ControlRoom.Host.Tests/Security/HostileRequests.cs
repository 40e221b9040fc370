using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace ControlRoom.Host.Tests.Security;

/// <summary>Who sends a hostile request: an event source's key, a person of a role, or nobody.</summary>
public enum Caller
{
    Anonymous,
    Key,
    Viewer,
    Lead,
    Planner,
    Admin,
}

/// <summary>One generated request; <see cref="Number"/> and the seed reproduce it.</summary>
public sealed record HostileRequest(int Number, string Kind, Caller Caller, string Method, string Target, byte[]? Body, string? ContentType, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    public override string ToString() =>
        $"#{Number} {Kind}: {Caller} {Method} {Clip(Target)}{(Body is null ? "" : $" [{ContentType}] {Preview(Body)}")}{(Headers.Count == 0 ? "" : " headers " + string.Join("; ", Headers.Select(h => $"{h.Key}: {Clip(h.Value)}")))}";

    private static string Clip(string text) => text.Length <= 200 ? text : $"{text[..200]}… ({text.Length} characters)";

    private static string Preview(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 160));
        return string.Concat(text.Select(c => char.IsControl(c) ? '·' : c)) + (body.Length > 160 ? $"… ({body.Length} bytes)" : "");
    }
}

/// <summary>
/// Seeded generator of hostile requests. Every event body it makes is invalid by construction (a valid one would
/// change state, which the fuzz test forbids), and every write it makes names an unknown id or carries a body that
/// cannot be read, so none of them may change anything.
/// </summary>
public sealed class HostileRequests(int seed, IReadOnlyList<string> getRoutes, string knownQueue, string knownAgent, string knownAlert)
{
    private static readonly string[] Trailers = [" trailing", "[", "\0", "[{\"type\":\"bogus\"}]", "]", "}", ",", " // c", "/* c */", "\u2028", "[]", "null", "\"x\"", "\ufeff"];

    private static readonly string[] HostileStrings =
    [
        "", " ", ".", "..", "...", "%2e%2e", "../../etc/passwd", "..%2f..%2f", "%00", "\0", "\u0001", "\r\n", "\u001b[31m", "\u0085", "\u2028",
        "\ud800", "a\u0000b", "<script>alert(1)</script>", "' OR 1=1 --", "${jndi:ldap://x}", "{{7*7}}", "%s%s%s%n", "*", "**", "?", "#", "&", "=",
        "😀", "é", "\u202e", "NaN", "Infinity", "-Infinity", "1e308", "-1e308", "1e999", "9223372036854775808", "-9223372036854775809",
        "0x10", "00000000-0000-0000-0000-000000000000", "true", "null", "undefined", "[]", "{}", "0001-01-01", "9999-12-31T23:59:59+14:00",
        "2026-13-45T25:61:61Z", "1970-01-01T00:00:00Z", "-1", "0", "2147483648", "1.7976931348623157E+309", "/\\evil.example/", "//evil", "http://evil.example",
        new string('a', 65), new string('q', 129), new string('z', 5000), new string('.', 64), "javascript:alert(1)", "%ff%fe", "\\", "/", "//", "a/b",
    ];

    private static readonly string[] QueryNames =
    [
        "from", "to", "status", "queueId", "team", "arrivals", "intervalSeconds", "ahtSeconds", "thresholdSeconds", "targetServiceLevel", "agents",
        "patienceSeconds", "max", "returnUrl", "culture", "boards", "rotate", "token", "board", "failed", "negotiateVersion", "id", "q",
    ];

    private static readonly string[] Accepts = ["application/json", "text/csv", "*/*", "text/html", "application/xml", "garbage/;;;", "text/csv, application/json;q=0.1", ""];

    private readonly Random random = new(seed);

    public IReadOnlyList<HostileRequest> Generate(int count) => [.. Enumerable.Range(0, count).Select(Next)];

    private HostileRequest Next(int number)
    {
        var roll = random.Next(100);
        var request = roll switch
        {
            < 40 => EventBody(number),
            < 75 => HostileGet(number),
            _ => HostileWrite(number),
        };
        return random.Next(4) == 0 ? request with { Headers = [.. request.Headers, HostileHeader()] } : request;
    }

    // Event bodies ---------------------------------------------------------------------------------------------

    private HostileRequest EventBody(int number)
    {
        var ndjson = random.Next(3) == 0;
        var events = Enumerable.Range(0, random.Next(1, 6)).Select(i => Event(number, i)).ToList();
        var spoiled = random.Next(events.Count);
        var kind = random.Next(12);
        string text;
        string name;
        switch (kind)
        {
            case 0:
                name = "trailing input";
                text = Join(events, ndjson) + Pick(Trailers);
                if (ndjson)
                {
                    // One line of NDJSON with something after the object.
                    text = Join(events, ndjson: true).TrimEnd('\n') + " " + Pick(Trailers.Where(t => t.Trim().Length > 0 && t != "\ufeff").ToArray());
                }

                break;
            case 1:
                name = "malformed JSON";
                var whole = Join(events, ndjson);
                text = whole[..random.Next(1, Math.Max(2, whole.Length - 1))];
                if (!ndjson && text.EndsWith(']'))
                {
                    text = text[..^1];
                }

                if (ndjson)
                {
                    text += "{\"eventId\":";
                }

                break;
            case 2:
                name = "huge number";
                events[spoiled][Pick(["csat", "nps", "priority"])] = JsonNode.Parse(Pick(["1e400", "99999999999999999999999", "-1e308", "1.5", "2147483648"]));
                text = Join(events, ndjson);
                break;
            case 3:
                name = "deep nesting";
                var depth = random.Next(65, 3000);
                text = ndjson
                    ? string.Concat(Enumerable.Repeat("[", depth)) + string.Concat(Enumerable.Repeat("]", depth))
                    : "[" + events[0].ToJsonString().TrimEnd('}') + ",\"attributes\":" + string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth) + "}]";
                break;
            case 4:
                name = "control character in an id";
                events[spoiled][Pick(["eventId", "interactionId", "queueId", "agentId", "customerId"])] = "id" + Pick(["\0", "\u0001", "\n", "\u001b", "\u007f", "\u0085", "\t"]) + random.Next();
                text = Join(events, ndjson);
                break;
            case 5:
                name = "wrong type";
                events[spoiled][Pick(["eventId", "occurredAt", "type", "queueIds", "attributes", "firstContact", "csat", "interactionId"])] =
                    JsonNode.Parse(Pick(["5", "true", "[1,2]", "{\"x\":1}", "\"text\"", "[\"a\",null]", "1.5"]));
                if (events[spoiled]["eventId"] is JsonValue v && v.TryGetValue<string>(out _))
                {
                    // A string where a string is expected would be valid: make sure this one is not.
                    events[spoiled]["occurredAt"] = 12345;
                }

                text = Join(events, ndjson);
                break;
            case 6:
                name = "duplicate property";
                var json = events[spoiled].ToJsonString();
                var field = Pick(["eventId", "queueId", "type", "occurredAt"]);
                var duplicated = json.TrimEnd('}') + $",\"{(random.Next(2) == 0 ? field : field.ToUpperInvariant())}\":\"other\"}}";
                text = ndjson
                    ? string.Join('\n', events.Select((e, i) => i == spoiled ? duplicated : e.ToJsonString()))
                    : "[" + string.Join(',', events.Select((e, i) => i == spoiled ? duplicated : e.ToJsonString())) + "]";
                break;
            case 7:
                name = "oversized field";
                switch (random.Next(4))
                {
                    case 0: events[spoiled]["eventId"] = new string('e', random.Next(129, 20_000)); break;
                    case 1: events[spoiled]["reason"] = new string('r', random.Next(257, 100_000)); break;
                    case 2: events[spoiled]["queueId"] = new string('q', random.Next(65, 1000)); break;
                    default:
                        var attributes = new JsonObject();
                        for (var i = 0; i < random.Next(33, 300); i++)
                        {
                            attributes["k" + i] = new string('v', random.Next(1, 400));
                        }

                        attributes["long"] = new string('v', 300);
                        events[spoiled]["attributes"] = attributes;
                        break;
                }

                text = Join(events, ndjson);
                break;
            case 8:
                name = "dot-only or malformed key";
                events[spoiled][Pick(["queueId", "agentId"])] = Pick([".", "..", "....", "a b", "a/b", "", "é", "q#1"]);
                text = Join(events, ndjson);
                break;
            case 9:
                name = "time outside the window";
                events[spoiled]["occurredAt"] = Pick(["2099-01-01T00:00:00Z", "9999-12-31T23:59:59+14:00", DateTimeOffset.UtcNow.AddHours(2).ToString("O", CultureInfo.InvariantCulture),
                    "2026-11-22T10:00:00", "yesterday", "2026-02-30T10:00:00Z", "0000-01-01T00:00:00Z"]);
                text = Join(events, ndjson);
                break;
            case 10:
                name = "not events";
                text = Pick(["", "null", "{}", "[null]", "[1]", "[[]]", "\"[]\"", "[{}]", "[\"event\"]", "true", "{\"eventId\":\"x\"}", "[{\"eventId\":null}]", "  ", "\n\n"]);
                if (text.Trim().Length == 0 && ndjson)
                {
                    text = "x";
                }

                break;
            default:
                name = "invalid UTF-8";
                var bytes = Encoding.UTF8.GetBytes(Join(events, ndjson)).ToList();
                bytes.InsertRange(random.Next(1, bytes.Count), Pick<byte[]>([[0xff], [0xc3], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xc0, 0xaf]]));
                return new HostileRequest(number, "events: " + name, Caller.Key, "POST", "/api/events", [.. bytes], ndjson ? "application/x-ndjson" : "application/json", []);
        }

        // Any other media type is read as a JSON array: NDJSON text then is no array, and an array stays as spoiled as it was.
        var contentType = random.Next(10) == 0 ? Pick(["text/plain", "application/xml", "multipart/form-data; boundary=x", "application/json; charset=latin1", ""]) : ndjson ? "application/x-ndjson" : "application/json";
        return new HostileRequest(number, "events: " + name, Caller.Key, "POST", "/api/events", Encoding.UTF8.GetBytes(text), contentType, []);
    }

    /// <summary>A valid event of a queue that must never come to exist: only a spoiled body carries it.</summary>
    private JsonObject Event(int number, int index)
    {
        var at = DateTimeOffset.UtcNow.AddMinutes(-random.Next(1, 600)).ToString("O", CultureInfo.InvariantCulture);
        return new JsonObject
        {
            ["eventId"] = $"fz-{number}-{index}",
            ["type"] = "interaction.offered",
            ["occurredAt"] = at,
            ["interactionId"] = $"fz-{number}-{index}",
            ["queueId"] = $"fz-queue-{number}",
            ["channel"] = "voice",
        };
    }

    private static string Join(List<JsonObject> events, bool ndjson) =>
        ndjson ? string.Join('\n', events.Select(e => e.ToJsonString())) + "\n" : "[" + string.Join(',', events.Select(e => e.ToJsonString())) + "]";

    // Reads ------------------------------------------------------------------------------------------------------

    private HostileRequest HostileGet(int number)
    {
        var route = Pick(getRoutes);
        var path = FillRoute(route);
        var query = string.Join('&', Enumerable.Range(0, random.Next(0, 6)).Select(_ => $"{Escape(Pick(QueryNames))}={Escape(HostileValue())}"));
        var headers = new List<KeyValuePair<string, string>> { new("Accept", Pick(Accepts)) };
        var caller = Pick([Caller.Key, Caller.Key, Caller.Viewer, Caller.Admin, Caller.Anonymous, Caller.Planner]);
        return new HostileRequest(number, "query: " + route, caller, "GET", query.Length > 0 ? $"{path}?{query}" : path, null, null, headers);
    }

    private string FillRoute(string route)
    {
        var path = new StringBuilder();
        foreach (var segment in route.Split('/'))
        {
            path.Append(segment.StartsWith('{') ? Escape(RouteValue(segment)) : segment).Append('/');
        }

        return path.ToString().TrimEnd('/') is { Length: > 0 } filled ? filled : "/";
    }

    /// <summary>Mostly hostile, sometimes an id that exists (a read of it must not change it either).</summary>
    private string RouteValue(string parameter) => random.Next(5) switch
    {
        0 when parameter.Contains("queue", StringComparison.OrdinalIgnoreCase) => knownQueue,
        0 when parameter.Contains("agent", StringComparison.OrdinalIgnoreCase) => knownAgent,
        0 when parameter.Contains("alert", StringComparison.OrdinalIgnoreCase) => knownAlert,
        1 => $"unknown-{random.Next(1_000_000)}",
        _ => HostileValue(),
    };

    private string HostileValue() => random.Next(3) == 0
        ? Pick(HostileStrings) + Pick(HostileStrings)
        : Pick(HostileStrings);

    // Writes -----------------------------------------------------------------------------------------------------

    private HostileRequest HostileWrite(int number)
    {
        var broken = BrokenJson();
        var unknown = $"unknown-{random.Next(1_000_000)}";
        return random.Next(10) switch
        {
            0 => Write(number, "settings: broken body", Caller.Admin, "PUT", $"/api/queues/{knownQueue}/settings", broken),
            1 => Write(number, "settings: unknown queue", Caller.Admin, "PUT", $"/api/queues/{Escape(Pick([unknown, HostileValue()]))}/settings", SettingsBody()),
            2 => Write(number, "alert action: broken body", Caller.Lead, "POST", $"/api/alerts/{knownAlert}/{Pick(["acknowledge", "snooze", "assign", "resolve"])}", broken),
            3 => Write(number, "alert action: unknown alert", Caller.Lead, "POST", $"/api/alerts/{Escape(Pick([unknown + "-1", HostileValue()]))}/{Pick(["acknowledge", "snooze", "assign", "resolve"])}", "{\"note\":\"x\",\"minutes\":15,\"assignee\":\"lead\",\"reason\":\"r\"}"),
            4 => Write(number, "reroute: broken body", Caller.Planner, "POST", $"/api/agents/{knownAgent}/queues{Pick(["", "/what-if"])}", broken),
            5 => Write(number, "reroute: unknown agent", Caller.Planner, "POST", $"/api/agents/{Escape(Pick([unknown, HostileValue()]))}/queues", "{\"add\":[{\"queueId\":\"" + knownQueue + "\"}]}"),
            6 => Write(number, "what-if: hostile body", Caller.Planner, "POST", $"/api/agents/{knownAgent}/queues/what-if", WhatIfBody()),
            7 => Write(number, "undo: unknown reroute", Caller.Planner, "POST", $"/api/reroutes/{Escape(HostileValue())}/undo", null),
            8 => Form(number, "sign-in: no token", "/account/login", [new("userName", HostileValue()), new("password", HostileValue()), new("returnUrl", HostileValue())]),
            _ => new HostileRequest(number, "language switch", Caller.Anonymous, "GET", $"/culture?culture={Escape(Pick(["it-IT", "en-GB", HostileValue()]))}&returnUrl={Escape(HostileValue())}", null, null, []),
        };
    }

    private HostileRequest Write(int number, string kind, Caller caller, string method, string path, string? body) =>
        new(number, kind, caller, method, path, body is null ? null : Encoding.UTF8.GetBytes(body), body is null ? null : Pick(["application/json", "application/json", "text/plain", "application/x-www-form-urlencoded"]), []);

    private HostileRequest Form(int number, string kind, string path, List<KeyValuePair<string, string>> fields) =>
        new(number, kind, Caller.Anonymous, "POST", path, Encoding.UTF8.GetBytes(string.Join('&', fields.Select(f => $"{Escape(f.Key)}={Escape(f.Value)}"))), "application/x-www-form-urlencoded", []);

    /// <summary>
    /// A body no endpoint can read as its request: not JSON, the wrong shape, nested too deep, a property given twice,
    /// or the wrong type in a field of every request type (an endpoint ignores fields it does not know, so one wrong
    /// field of another request would leave a valid, empty request).
    /// </summary>
    private string BrokenJson() => random.Next(8) switch
    {
        0 => "{",
        1 => "{\"note\":",
        2 => string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200),
        3 => "[1,2,3]",
        4 => "\"just a string\"",
        5 => "{\"note\":5,\"reason\":{},\"assignee\":[],\"minutes\":\"fifteen\",\"rules\":7,\"add\":\"x\",\"remove\":3,\"serviceLevelTarget\":\"high\"}",
        6 => "{\"note\":1e999,\"reason\":1e999,\"assignee\":1e999,\"minutes\":1e999,\"serviceLevelThresholdSeconds\":99999999999999999999,\"rules\":1e999,\"add\":{},\"remove\":1e999}",
        _ => "{\"note\":\"a\",\"note\":\"b\",\"reason\":\"a\",\"reason\":\"b\",\"assignee\":\"a\",\"assignee\":\"b\",\"minutes\":5,\"minutes\":6,\"rules\":[],\"rules\":[],\"add\":[],\"add\":[]}" + Pick(Trailers),
    };

    private string SettingsBody() =>
        "{\"serviceLevelThresholdSeconds\":20,\"shortAbandonSeconds\":5,\"serviceLevelTarget\":80,\"timeZone\":\"" + Pick(["Europe/Rome", "Mars/Olympus", "", "../../etc"]) + "\",\"rules\":[]}";

    private string WhatIfBody() =>
        "{\"agentIds\":[" + string.Join(',', Enumerable.Range(0, random.Next(0, 3)).Select(_ => "\"" + Pick(["..", "x y", "unknown-a", new string('a', 70)]) + "\"")) + "],"
        + "\"add\":[" + string.Join(',', Enumerable.Range(0, random.Next(0, 120)).Select(i => "{\"queueId\":\"" + Pick([knownQueue, "..", "q" + i, ""]) + "\",\"priority\":" + Pick(["1", "0", "-5", "99999999999", "null"]) + "}")) + "],"
        + "\"remove\":[" + Pick(["", "\"..\"", "null", "\"" + knownQueue + "\""]) + "]}";

    private KeyValuePair<string, string> HostileHeader() => random.Next(7) switch
    {
        0 => new("Accept-Language", Pick(["it-IT,it;q=0.9", "xx-YY;q=abc", ";;;,", "*", new string('a', 500), "it;q=1.5", "en-GB;q=NaN"])),
        1 => new("X-Forwarded-For", Pick(["not-an-ip", "1.2.3.4, 5.6.7.8", "::::", "999.999.999.999", ""])),
        2 => new("X-Forwarded-Proto", Pick(["https", "javascript", "", "ht tp"])),
        3 => new("Origin", Pick(["http://evil.example", "null", "garbage", "http://localhost", "file://"])),
        4 => new("Sec-Fetch-Site", Pick(["cross-site", "same-site", "same-origin", "none", "bogus"])),
        5 => new("Cookie", Pick(["controlroom.auth=garbage", ".AspNetCore.Culture=c=xx|uic=yy", "controlroom.auth=" + new string('A', 3000), "a=b; c"])),
        _ => new("If-None-Match", Pick(["*", "\"x\"", "W/\"\"", "garbage"])),
    };

    private static string Escape(string value)
    {
        // Lone surrogates cannot be encoded as UTF-8; send their replacement as a hostile value of its own.
        var safe = string.Create(value.Length, value, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsSurrogate(source[i]) && !(char.IsHighSurrogate(source[i]) && i + 1 < source.Length && char.IsLowSurrogate(source[i + 1]))
                    && !(char.IsLowSurrogate(source[i]) && i > 0 && char.IsHighSurrogate(source[i - 1])) ? '\ufffd' : source[i];
            }
        });
        return Uri.EscapeDataString(safe);
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
