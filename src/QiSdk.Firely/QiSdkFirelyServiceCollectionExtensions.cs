using QiSdk.Firely;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers QiSdk's Firely SDK integration next to <c>AddQiSdk</c>.</summary>
public static class QiSdkFirelyServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Firely integration: <c>services.AddQiSdk(...).AddQiSdkFirely(firely =&gt; firely.Records(...).ValueSets(...))</c>.
    /// Records become the <see cref="QiSdk.Records.IPatientRecordSource"/> audits run over (read afresh on every run, without JSON);
    /// ValueSets and ConceptMaps are added to the code sets and maps (after any registered before).
    /// </summary>
    /// <param name="services">The container (after or before <c>AddQiSdk</c>).</param>
    /// <param name="configure">Says what the host provides.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IServiceCollection AddQiSdkFirely(this IServiceCollection services, Action<QiSdkFirelyBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        configure(new QiSdkFirelyBuilder(services));
        return services;
    }
}
