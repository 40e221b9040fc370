namespace ControlRoom.Host.Staffing;

/// <summary>
/// The planner page's words, kept together so a translation (Italian is next) replaces one file once the host
/// has a resource mechanism.
/// </summary>
public static class PlannerText
{
    public const string Title = "Staffing and rerouting";
    public const string GapTable = "Agents needed now";
    public const string Queue = "Queue";
    public const string Aht = "AHT (s)";
    public const string ArrivalsInterval = "Contacts/h (interval)";
    public const string Arrivals30m = "Contacts/h (30 min)";
    public const string Needed = "Needed";
    public const string Staffed = "Staffed";
    public const string Gap = "Gap";
    public const string PredictedSl = "Predicted SL %";
    public const string PredictedAsa = "Predicted ASA (s)";
    public const string NoQueues = "No queue has been seen yet.";
    public const string Recommendations = "Recommendations";
    public const string NoRecommendations = "No queue is short of agents.";
    public const string ShortBy = "short by";
    public const string IdleWithSkill = "idle with the skill:";
    public const string NoCandidates = "nobody idle with the skill";
    public const string Use = "Use";
    public const string Move = "Move agents";
    public const string Agents = "Agents (comma separated)";
    public const string AddQueue = "Add to queue";
    public const string Priority = "Priority";
    public const string RemoveQueue = "Remove from queue";
    public const string Reason = "Reason";
    public const string WhatIf = "What if";
    public const string Commit = "Commit";
    public const string Before = "Before";
    public const string After = "After";
    public const string AgentsCount = "Agents";
    public const string ServiceLevel = "SL %";
    public const string Asa = "ASA (s)";
    public const string Reroutes = "Recent reroutes";
    public const string When = "When";
    public const string Who = "Who";
    public const string Changes = "Changes";
    public const string Undo = "Undo";
    public const string Undone = "undone";
    public const string Committed = "Reroute committed";
    public const string UndoDone = "Reroute undone";
    public const string Refresh = "Refresh";
    public const string NotAvailable = "–";
    public const string Calculator = "Erlang calculator";
    public const string Calculate = "Calculate";
    public const string CalcArrivals = "Contacts";
    public const string CalcInterval = "Interval (s)";
    public const string CalcThreshold = "Threshold (s)";
    public const string CalcTarget = "Target SL %";
    public const string CalcPatience = "Patience (s, Erlang A)";
    public const string CalcAgents = "Agents (blank: fewest for target)";
    public const string ProbabilityOfWaiting = "P(wait)";
    public const string Occupancy = "Occupancy";
    public const string ProbabilityOfAbandon = "P(abandon)";
}
