using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Orleans.Hosting;

/// <summary>Registers QiSdk's practice and cluster grains on a silo.</summary>
public static class QiSdkOrleansExtensions
{
    /// <summary>
    /// Adds what the QiSdk grains need on this silo: the options, the per-silo audit throttle and the
    /// <see cref="QiSdk.Orleans.CatalogueScheduler"/>. The host registers its <see cref="QiSdk.Orleans.IPracticeHost"/>
    /// (records, pipelines, policies and release stores per practice) in the silo's services as well.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configure">Sets concurrency, retries and comparison options; optional.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static ISiloBuilder AddQiSdkOrleans(this ISiloBuilder builder, Action<QiSdk.Orleans.QiSdkOrleansOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<QiSdk.Orleans.QiSdkOrleansOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.Validate(o =>
        {
            o.Validate();
            return true;
        }).ValidateOnStart();
        builder.Services.TryAddSingleton<QiSdk.Orleans.SiloAuditThrottle>();
        builder.Services.TryAddSingleton(sp => new QiSdk.Orleans.CatalogueScheduler(
            sp.GetRequiredService<IGrainFactory>(),
            sp.GetService<QiSdk.Orleans.IPracticeHost>() ?? throw new InvalidOperationException("QiSdk.Orleans: no IPracticeHost is registered in the silo's services (services.AddSingleton<IPracticeHost>(...)): the grains need the host's practices."),
            sp.GetRequiredService<IOptions<QiSdk.Orleans.QiSdkOrleansOptions>>(),
            null,
            sp.GetService<Microsoft.Extensions.Logging.ILogger<QiSdk.Orleans.CatalogueScheduler>>()));
        return builder;
    }
}
