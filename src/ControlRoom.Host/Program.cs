using ControlRoom.Host.Hosting;
using ControlRoom.Host.Security;

if (HashPasswordCommand.TryRun(args))
{
    return;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddControlRoom();

var app = builder.Build();
app.UseControlRoom();
app.Run();

/// <summary>Entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
