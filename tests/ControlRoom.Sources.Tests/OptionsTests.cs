using ControlRoom.Host.Sources.AmazonConnect;
using ControlRoom.Host.Sources.Twilio;
using Microsoft.Extensions.Configuration;

namespace ControlRoom.Sources.Tests;

public sealed class OptionsTests
{
    [Fact]
    public void ConfiguredActivities_AddToAndOverrideTheDefaults_WhateverTheirCase()
    {
        var options = Bind<TwilioOptions>(TwilioOptions.Section, new()
        {
            ["Sources:Twilio:Activities:break"] = "offline",
            ["Sources:Twilio:Activities:Back office"] = "busy",
        });

        options.Activities.Should().Contain("Available", "available").And.Contain("BREAK", "offline").And.Contain("back office", "busy");
        options.Problems().Should().BeEmpty();
    }

    [Fact]
    public void ConfiguredQueueAndAgentNames_AreRead()
    {
        var options = Bind<AmazonConnectOptions>(AmazonConnectOptions.Section, new()
        {
            ["Sources:AmazonConnect:Queues:4d2f7c1e-0b9a-4c3e-9f21-6a8b5d0e7c11"] = "billing",
            ["Sources:AmazonConnect:Agents:0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0"] = "maria.rossi",
        });

        options.Queues.Should().Contain("4D2F7C1E-0B9A-4C3E-9F21-6A8B5D0E7C11", "billing");
        options.Agents.Should().ContainKey("0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0");
        options.Statuses.Should().Contain("Available", "available");
        options.Problems().Should().BeEmpty();
    }

    [Fact]
    public void ValuesOutsideTheContract_AreEachNamed()
    {
        var twilio = new TwilioOptions { DefaultChannel = "fax", PublicUrl = "not a url" };
        twilio.Activities["Lunch"] = "Away";
        var connect = new AmazonConnectOptions();
        connect.Queues["q"] = "has spaces";
        connect.Statuses["Lunch"] = "eating";

        twilio.Problems().Should().HaveCount(3).And.Contain(p => p.Contains("Activities:Lunch")).And.Contain(p => p.Contains("DefaultChannel"));
        connect.Problems().Should().HaveCount(2).And.Contain(p => p.Contains("Queues:q")).And.Contain(p => p.Contains("Statuses:Lunch"));
    }

    private static T Bind<T>(string section, Dictionary<string, string?> values) where T : new() =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection(section).Get<T>() ?? new T();
}
