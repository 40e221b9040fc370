using System.Globalization;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;

namespace ControlRoom.Sources.Tests.Twilio;

/// <summary>
/// TaskRouter event callbacks for one task and one worker, with the parameters Twilio documents (TaskRouter Events
/// reference, twilio.com/docs/taskrouter/api/event/reference: the parameters of every callback, the Task, TaskQueue,
/// Worker and activity-change fields) plus those a real reservation callback carries (ReservationSid, WorkflowName,
/// TaskQueueName, TaskChannelUniqueName, TimestampMs). Values are strings, as in a form post.
/// </summary>
public sealed class TaskRouterCallbacks(string queueName = "Sales Queue", string workerName = "Alice Rossi", string channel = "voice")
{
    public const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    public const string WorkspaceSid = "WS0123456789abcdef0123456789abcdef";

    public string TaskSid { get; } = Sid("WT");
    public string QueueSid { get; } = Sid("WQ");
    public string WorkerSid { get; } = Sid("WK");
    public string ReservationSid { get; } = Sid("WR");
    public string WorkflowSid { get; } = Sid("WW");
    public string QueueName { get; } = queueName;
    public string WorkerName { get; } = workerName;
    public string TaskAttributes { get; set; } = """{"from":"+390212345678","to":"+390298765432","direction":"inbound","call_sid":"CA0123456789abcdef0123456789abcdef"}""";
    public string WorkerAttributes { get; set; } = """{"email":"alice@example.com","team_name":"Energia A","routing":{"skills":["sales"]}}""";
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow.AddMinutes(-3);

    public static string Sid(string prefix) => prefix + Guid.NewGuid().ToString("N");

    public Dictionary<string, string> TaskCreated(DateTimeOffset at) => Merge(Common("task.created", at, "task", TaskSid), Task(at, "pending"), Workflow());

    public Dictionary<string, string> TaskQueueEntered(DateTimeOffset at) =>
        Merge(Common("task-queue.entered", at, "task", TaskSid), Task(at, "pending"), Queue(at), Workflow());

    public Dictionary<string, string> ReservationAccepted(DateTimeOffset at) => Reservation("reservation.accepted", at, "assigned", "Available");

    public Dictionary<string, string> ReservationRejected(DateTimeOffset at) => Reservation("reservation.rejected", at, "pending", "Available");

    public Dictionary<string, string> ReservationTimeout(DateTimeOffset at) => Reservation("reservation.timeout", at, "pending", "Offline");

    public Dictionary<string, string> ReservationWrapup(DateTimeOffset at) => Reservation("reservation.wrapup", at, "wrapping", "Available");

    public Dictionary<string, string> ReservationCompleted(DateTimeOffset at, string activity = "Available") =>
        Reservation("reservation.completed", at, "completed", activity);

    public Dictionary<string, string> TaskCanceled(DateTimeOffset at, string reason = "hangup")
    {
        var form = Merge(Common("task.canceled", at, "task", TaskSid), Task(at, "canceled"), Queue(at), Workflow());
        form["TaskCanceledReason"] = reason;
        return form;
    }

    public Dictionary<string, string> TaskWrapup(DateTimeOffset at) =>
        Merge(Common("task.wrapup", at, "task", TaskSid), Task(at, "wrapping"), Queue(at), Workflow());

    public Dictionary<string, string> TaskCompleted(DateTimeOffset at)
    {
        var form = Merge(Common("task.completed", at, "task", TaskSid), Task(at, "completed"), Queue(at), Workflow());
        form["TaskCompletedReason"] = "Task completed by agent";
        return form;
    }

    public Dictionary<string, string> WorkflowEntered(DateTimeOffset at) => Merge(Common("workflow.entered", at, "task", TaskSid), Task(at, "pending"), Workflow());

    public Dictionary<string, string> WorkerActivityUpdate(DateTimeOffset at, string activity, string previous = "Offline")
    {
        var form = Merge(Common("worker.activity.update", at, "worker", WorkerSid), Worker(activity));
        form["WorkerTimeInPreviousActivity"] = "42";
        form["WorkerTimeInPreviousActivityMs"] = "42017";
        form["WorkerPreviousActivitySid"] = Sid("WA");
        form["WorkerPreviousActivityName"] = previous;
        return form;
    }

    /// <summary>X-Twilio-Signature as Twilio computes it (twilio.com/docs/usage/webhooks/webhooks-security): written here apart from the server's code.</summary>
    public static string Sign(string authToken, string url, IReadOnlyDictionary<string, string> form)
    {
        var data = new StringBuilder(url);
        foreach (var name in form.Keys.Order(StringComparer.Ordinal))
        {
            data.Append(name).Append(form[name]);
        }

#pragma warning disable CA5350 // Twilio's algorithm.
        using var hmac = new HMACSHA1(Encoding.UTF8.GetBytes(authToken));
#pragma warning restore CA5350
        return Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(data.ToString())));
    }

    public static HttpRequestMessage SignedPost(string path, string authToken, string signedUrl, IReadOnlyDictionary<string, string> form)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", Sign(authToken, signedUrl, form));
        request.Headers.Add("I-Twilio-Idempotency-Token", Guid.NewGuid().ToString());
        return request;
    }

    private Dictionary<string, string> Reservation(string type, DateTimeOffset at, string assignment, string activity)
    {
        var form = Merge(Common(type, at, "reservation", ReservationSid), Task(at, assignment), Queue(at), Worker(activity), Workflow());
        form["ReservationSid"] = ReservationSid;
        form["ReservationVersion"] = "2";
        return form;
    }

    private static Dictionary<string, string> Common(string type, DateTimeOffset at, string resourceType, string resourceSid) => new()
    {
        ["EventType"] = type,
        ["AccountSid"] = AccountSid,
        ["WorkspaceSid"] = WorkspaceSid,
        ["WorkspaceName"] = "Flex Task Assignment",
        ["EventDescription"] = $"{type} for {resourceSid}",
        ["ResourceType"] = resourceType,
        ["ResourceSid"] = resourceSid,
        ["Timestamp"] = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        ["TimestampMs"] = at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
        ["Sid"] = Sid("EV"),
    };

    private Dictionary<string, string> Task(DateTimeOffset at, string assignmentStatus) => new()
    {
        ["TaskSid"] = TaskSid,
        ["TaskAttributes"] = TaskAttributes,
        ["TaskAge"] = ((int)(at - CreatedAt).TotalSeconds).ToString(CultureInfo.InvariantCulture),
        ["TaskPriority"] = "0",
        ["TaskAssignmentStatus"] = assignmentStatus,
        ["TaskChannelSid"] = "TC0123456789abcdef0123456789abcdef",
        ["TaskChannelUniqueName"] = channel,
        ["TaskDateCreated"] = CreatedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        ["TaskVersion"] = "3",
    };

    private Dictionary<string, string> Queue(DateTimeOffset at) => new()
    {
        ["TaskQueueSid"] = QueueSid,
        ["TaskQueueName"] = QueueName,
        ["TaskQueueTargetExpression"] = "1==1",
        ["TaskQueueEnteredDate"] = CreatedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
    };

    private Dictionary<string, string> Worker(string activity) => new()
    {
        ["WorkerSid"] = WorkerSid,
        ["WorkerName"] = WorkerName,
        ["WorkerAttributes"] = WorkerAttributes,
        ["WorkerActivitySid"] = Sid("WA"),
        ["WorkerActivityName"] = activity,
        ["WorkerVersion"] = "7",
        ["OperatingUnitSid"] = "OU0123456789abcdef0123456789abcdef",
    };

    private Dictionary<string, string> Workflow() => new()
    {
        ["WorkflowSid"] = WorkflowSid,
        ["WorkflowName"] = "Assign to Anyone",
    };

    private static Dictionary<string, string> Merge(params Dictionary<string, string>[] parts)
    {
        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in parts.SelectMany(p => p))
        {
            form[name] = value;
        }

        return form;
    }
}
