using System.Net;
using System.Net.Sockets;

namespace ControlRoom.Testing;

public static class FreePort
{
    // Below Linux's ephemeral range (32768-60999): a port the OS hands out for port 0 is free only until the next
    // outgoing connection takes it as its source port, and a host started a moment later then fails to bind (CI saw
    // a silo's "Address already in use" take down a whole test class). Ports here are never used as source ports.
    private const int First = 20_000;
    private const int Last = 32_000;

    private static readonly HashSet<int> HandedOut = [];
    private static readonly Lock Gate = new();

    /// <summary>A port free right now that this process has not handed out before; tests run side by side, so nothing may assume a fixed one.</summary>
    public static int Next()
    {
        lock (Gate)
        {
            var start = Random.Shared.Next(First, Last);
            for (var i = 0; i < Last - First; i++)
            {
                var port = First + ((start - First + i) % (Last - First));
                if (!HandedOut.Contains(port) && IsFree(port))
                {
                    HandedOut.Add(port);
                    return port;
                }
            }
        }

        throw new InvalidOperationException($"No free port between {First} and {Last}.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
