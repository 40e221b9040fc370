using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Metadata;

namespace ControlRoom.Grains.Hosting;

/// <summary>
/// Remembers each grain interface's type name. Orleans works it out again on every <c>GetGrain</c> (attribute
/// reflection, then the type name formatted by convention), which cost 7 % of the CPU while 10,000 agents reported
/// their first presence. Placed first among the providers; on a miss it asks Orleans' own resolver, with itself out
/// of the way, so the answer is always exactly Orleans'.
/// </summary>
internal sealed class GrainInterfaceTypeCache(IServiceProvider services) : IGrainInterfaceTypeProvider
{
    [ThreadStatic]
    private static bool resolving;

    private readonly ConcurrentDictionary<Type, GrainInterfaceType> known = new();

    public bool TryGetGrainInterfaceType(Type type, out GrainInterfaceType grainInterfaceType)
    {
        if (known.TryGetValue(type, out grainInterfaceType))
        {
            return true;
        }

        if (resolving)
        {
            return false; // the resolver below is asking: let Orleans' providers and convention answer
        }

        resolving = true;
        try
        {
            grainInterfaceType = services.GetRequiredService<GrainInterfaceTypeResolver>().GetGrainInterfaceType(type);
        }
        finally
        {
            resolving = false;
        }

        known[type] = grainInterfaceType;
        return true;
    }

    /// <summary>Registers the cache ahead of every other interface type provider.</summary>
    public static void AddTo(IServiceCollection services)
    {
        var descriptor = ServiceDescriptor.Singleton<IGrainInterfaceTypeProvider, GrainInterfaceTypeCache>();
        var first = services.Select((d, i) => (d, i)).FirstOrDefault(x => x.d.ServiceType == typeof(IGrainInterfaceTypeProvider));
        if (first.d is null)
        {
            services.Add(descriptor);
        }
        else
        {
            services.Insert(first.i, descriptor);
        }
    }
}
