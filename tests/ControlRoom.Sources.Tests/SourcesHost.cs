namespace ControlRoom.Sources.Tests;

/// <summary>The real host with both platform endpoints switched on, one queue of Amazon Connect given a readable name.</summary>
public sealed class SourcesHost : ControlRoomHost
{
    public const string AuthToken = "twilio-test-auth-token";
    public const string PublicUrl = "https://controlroom.example.com/api/sources/twilio/taskrouter";
    public const string AccessKey = "firehose-test-access-key";
    public const string NamedConnectQueue = "7b3e5a90-1c2d-4e5f-8a9b-0c1d2e3f4a5b";
    public const string NamedConnectQueueId = "connect-billing";

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        .. base.Settings(),
        new("Sources:Twilio:AuthToken", AuthToken),
        new("Sources:Twilio:PublicUrl", PublicUrl),
        new("Sources:AmazonConnect:AccessKey", AccessKey),
        new($"Sources:AmazonConnect:Queues:{NamedConnectQueue}", NamedConnectQueueId),
    ];
}
