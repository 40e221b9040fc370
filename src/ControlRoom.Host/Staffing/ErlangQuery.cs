using System.Globalization;
using System.Text.Json.Serialization;
using ControlRoom.Domain.Staffing;
using ControlRoom.Host.Resources;

namespace ControlRoom.Host.Staffing;

/// <summary>The calculator's answer: service level in percent, ASA in seconds (null when waits grow without bound).</summary>
public sealed record ErlangResponse(
    string Model,
    double Erlangs,
    int Agents,
    double ServiceLevel,
    double? Asa,
    double ProbabilityOfWaiting,
    double Occupancy,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? ProbabilityOfAbandon)
{
    public static ErlangResponse From(string model, TrafficLoad load, StaffingResult r) => new(
        model,
        LiveStaffing.Round(load.Erlangs),
        r.Agents,
        LiveStaffing.Percent(r.ServiceLevel),
        r.Asa is { } asa ? LiveStaffing.Round(asa) : null,
        Math.Round(r.ProbabilityOfWaiting, 6),
        Math.Round(r.Occupancy, 6),
        r.ProbabilityOfAbandon is { } p ? Math.Round(p, 6) : null);
}

/// <summary>
/// Reads <c>GET /api/staffing/erlang</c>'s query by hand, so that every bad parameter is named in one problem
/// document instead of the framework stopping at the first. Every figure has a documented range (docs/security.md)
/// that covers any real planning question, and the computation runs on a <see cref="ComputeBudget"/>: together they
/// keep one request to well under a second of CPU.
/// </summary>
public sealed class ErlangQuery
{
    /// <summary>Beyond this a single queue is not a planning question, and the Erlang A search would take seconds (measured: 0.12 s at 3,000 Erlangs, 1.9 s at 5,000).</summary>
    public const double MaxErlangs = 3_000;

    /// <summary>Calculator agents: a load of at most <see cref="MaxErlangs"/> never needs more.</summary>
    public const int MaxAgents = 10_000;

    /// <summary>The ranges, by parameter: (minimum, minimum allowed, maximum).</summary>
    public static readonly IReadOnlyDictionary<string, (double Min, bool MinInclusive, double Max)> Ranges = new Dictionary<string, (double, bool, double)>(StringComparer.Ordinal)
    {
        ["arrivals"] = (0, true, 1_000_000),
        ["intervalSeconds"] = (1, true, 86_400),
        ["ahtSeconds"] = (1, true, 86_400),
        ["thresholdSeconds"] = (0, true, 3_600),
        ["targetServiceLevel"] = (0, false, 99.99),
        ["patienceSeconds"] = (1, true, 3_600),
    };

    public required TrafficLoad Load { get; init; }
    public double? Target { get; init; }
    public double? Patience { get; init; }
    public int? Agents { get; init; }

    public static (ErlangQuery? Query, Dictionary<string, string[]> Errors) Parse(IQueryCollection query)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var arrivals = Number(query, "arrivals", errors, required: true);
        var interval = Number(query, "intervalSeconds", errors, required: true);
        var aht = Number(query, "ahtSeconds", errors, required: true);
        var threshold = Number(query, "thresholdSeconds", errors, required: true);
        var agents = Integer(query, "agents", errors);
        var target = Number(query, "targetServiceLevel", errors, required: agents is null && !query.ContainsKey("agents"));
        var patience = Number(query, "patienceSeconds", errors, required: false);
        if (errors.Count == 0 && arrivals / interval * aht > MaxErlangs)
        {
            errors["arrivals"] = [UiMessages.Get("Error_MaxErlangs", MaxErlangs)];
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new ErlangQuery
        {
            Load = new TrafficLoad(arrivals!.Value, interval!.Value, aht!.Value, threshold!.Value),
            Target = target,
            Patience = patience,
            Agents = agents,
        }, errors);
    }

    /// <summary>Erlang A with a patience, else Erlang C; throws when the budget runs out or its token is cancelled.</summary>
    public ErlangResponse Evaluate(ComputeBudget budget)
    {
        if (Patience is { } patience)
        {
            var result = Agents is { } n ? ErlangA.Evaluate(Load, n, patience, budget) : ErlangA.Required(Load, Target!.Value / 100, patience, budget);
            return ErlangResponse.From("erlang-a", Load, result);
        }

        var c = Agents is { } m ? ErlangC.Evaluate(Load, m, budget) : ErlangC.Required(Load, Target!.Value / 100, budget);
        return ErlangResponse.From("erlang-c", Load, c);
    }

    private static double? Number(IQueryCollection query, string name, Dictionary<string, string[]> errors, bool required)
    {
        var raw = query[name].ToString();
        if (string.IsNullOrWhiteSpace(raw))
        {
            if (required)
            {
                errors[name] = [UiMessages.Get("Error_Required")];
            }

            return null;
        }

        var (min, minInclusive, max) = Ranges[name];
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            errors[name] = [UiMessages.Get("Error_NotANumber", raw.Length <= 40 ? raw : raw[..40] + "…")];
            return null;
        }

        if (value < min || (!minInclusive && value <= min) || value > max)
        {
            errors[name] = [name == "targetServiceLevel"
                ? UiMessages.Get("Error_Percentage")
                : UiMessages.Get(minInclusive ? "Error_FromTo" : "Error_AboveTo", min, max)];
            return null;
        }

        return value;
    }

    private static int? Integer(IQueryCollection query, string name, Dictionary<string, string[]> errors)
    {
        var raw = query[name].ToString();
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        if (!int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < 0 || value > MaxAgents)
        {
            errors[name] = [UiMessages.Get("Error_WholeNumberBetween", 0, MaxAgents)];
            return null;
        }

        return value;
    }
}
