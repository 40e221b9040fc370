using System.Net;
using System.Net.Sockets;

namespace ControlRoom.Testing;

public static class FreePort
{
    /// <summary>A port the OS just handed out; tests run side by side, so nothing may assume a fixed one.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
