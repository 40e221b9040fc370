namespace ControlRoom.Cli;

public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;

    /// <summary>
    /// The host refused what was sent (400, 401, 403, …): sending it again gets the same answer, so a service manager
    /// must not restart the tool in a loop (systemd: <c>RestartPreventExitStatus=2 3</c>).
    /// </summary>
    public const int Refused = 3;
}
