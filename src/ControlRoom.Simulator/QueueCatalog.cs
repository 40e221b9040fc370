using ControlRoom.Contracts.Events;

namespace ControlRoom.Simulator;

/// <summary>A simulated queue: who the client is, the channel, and the traffic and handling profile.</summary>
public sealed record SimQueueProfile(
    string QueueId,
    string DisplayName,
    string Client,
    Channel Channel,
    double PeakPerHour,
    double HandleSeconds,
    double WrapSeconds,
    double PatienceSeconds);

/// <summary>The six queues of an Italian outsourcer serving an energy supplier, a bank and a telco.</summary>
public static class QueueCatalog
{
    public const string EnergyVoice = "energy-voice";
    public const string EnergyChat = "energy-chat";
    public const string BankVoice = "bank-voice";
    public const string BankEmail = "bank-email";
    public const string TelcoVoice = "telco-voice";
    public const string TelcoChat = "telco-chat";

    public static IReadOnlyList<SimQueueProfile> Queues { get; } =
    [
        new(EnergyVoice, "Luce e Gas – Voce", "Lumen Energia", Channel.Voice, 120, 250, 35, 150),
        new(EnergyChat, "Luce e Gas – Chat", "Lumen Energia", Channel.Chat, 65, 420, 20, 240),
        new(BankVoice, "Banca – Voce", "Banca Adriatica", Channel.Voice, 75, 280, 40, 160),
        new(BankEmail, "Banca – E-mail", "Banca Adriatica", Channel.Email, 40, 360, 30, 0),
        new(TelcoVoice, "Telefonia – Voce", "Onda Mobile", Channel.Voice, 110, 230, 30, 140),
        new(TelcoChat, "Telefonia – Chat", "Onda Mobile", Channel.Chat, 55, 400, 20, 240),
    ];

    /// <summary>
    /// The team an agent belongs to: an outsourcer organises its floor by client account (commessa), in teams of
    /// about ten under one team lead, so the first skill names the account and the place in the pool the team.
    /// </summary>
    public static string TeamOf(int rank, IReadOnlyList<string> skills)
    {
        var account = skills.Count == 0 ? "Pool" : skills[0].Split('-')[0] switch
        {
            "energy" => "Energia",
            "bank" => "Banca",
            "telco" => "Telco",
            var other => other,
        };
        return account + (rank / SkillPattern.Count % 2 == 0 ? " A" : " B");
    }

    /// <summary>
    /// Skill sets repeated over the pool in this order, so any first 15 agents cover every queue and about
    /// half of them are multiskilled (voice with the client's chat or e-mail, and a few voice generalists).
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> SkillPattern { get; } =
    [
        [EnergyVoice, EnergyChat],
        [EnergyVoice],
        [BankVoice, BankEmail],
        [TelcoVoice, TelcoChat],
        [TelcoVoice],
        [BankVoice],
        [EnergyVoice, EnergyChat],
        [TelcoChat],
        [BankEmail],
        [TelcoVoice, TelcoChat],
        [EnergyVoice, TelcoVoice, BankVoice],
        [BankVoice, BankEmail],
        [EnergyVoice],
        [EnergyChat],
        [TelcoVoice],
    ];

    /// <summary>
    /// Share of the peak arrival rate by local hour: a morning peak at 10–11, a dip at lunch and an
    /// early-afternoon peak at 14–15 (piecewise linear between the points).
    /// </summary>
    private static readonly (double Hour, double Load)[] Curve =
    [
        (0, 0.04), (6, 0.04), (7, 0.2), (8, 0.55), (9, 0.85), (10, 1.0), (11, 0.95), (12, 0.75), (13, 0.6),
        (14, 0.85), (15, 0.9), (16, 0.8), (17, 0.65), (18, 0.5), (19, 0.35), (20, 0.2), (21, 0.1), (22, 0.05), (24, 0.04),
    ];

    /// <summary>The share of the peak at a local time of day, before the night floor.</summary>
    public static double DailyCurve(double localHour)
    {
        for (var i = 1; i < Curve.Length; i++)
        {
            if (localHour <= Curve[i].Hour)
            {
                var (h0, l0) = Curve[i - 1];
                var (h1, l1) = Curve[i];
                return l0 + ((l1 - l0) * (localHour - h0) / (h1 - h0));
            }
        }

        return Curve[^1].Load;
    }
}
