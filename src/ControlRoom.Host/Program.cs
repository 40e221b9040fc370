using ControlRoom.Host.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddControlRoom();

var app = builder.Build();
app.UseControlRoom();
app.Run();

/// <summary>Entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
