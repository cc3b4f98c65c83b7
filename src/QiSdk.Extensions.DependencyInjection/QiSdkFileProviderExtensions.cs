using Microsoft.Extensions.FileProviders;
using QiSdk;
using QiSdk.Codes;
using QiSdk.Indicators;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds code maps and indicator definitions read through an <see cref="IFileProvider"/> (embedded, physical, or the host's own).</summary>
public static class QiSdkFileProviderExtensions
{
    /// <summary>
    /// Adds the maps at <paramref name="subpaths"/> of <paramref name="files"/> (formats as <see cref="CodeFiles.ReadCodeMap"/>).
    /// They are read when the pipeline is built (at start-up under <c>ValidateOnStart</c>); a missing file fails it there.
    /// </summary>
    /// <param name="services">The container.</param>
    /// <param name="files">Where the files are.</param>
    /// <param name="subpaths">The map files within it.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IServiceCollection AddQiSdkCodeMaps(this IServiceCollection services, IFileProvider files, params string[] subpaths)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(subpaths);
        services.AddSingleton<ICodeMapProvider>(new FileProviderCodeMaps(files, [.. subpaths]));
        return services;
    }

    /// <summary>
    /// Adds the indicator definitions (QiSdk indicator JSON) at <paramref name="subpaths"/> of <paramref name="files"/>.
    /// Read when the pipeline is built; an invalid definition fails it there, with its file and JSON path.
    /// </summary>
    /// <param name="services">The container.</param>
    /// <param name="files">Where the files are.</param>
    /// <param name="subpaths">The definition files within it.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IServiceCollection AddQiSdkIndicators(this IServiceCollection services, IFileProvider files, params string[] subpaths)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(subpaths);
        services.AddSingleton<IIndicatorProvider>(new FileProviderIndicators(files, [.. subpaths]));
        return services;
    }

    private static Stream Open(IFileProvider files, string subpath)
    {
        var file = files.GetFileInfo(subpath);
        return file.Exists && !file.IsDirectory
            ? file.CreateReadStream()
            : throw new FileNotFoundException($"'{subpath}' does not exist in the file provider ({files.GetType().Name}).", subpath);
    }

    private sealed class FileProviderCodeMaps(IFileProvider files, string[] subpaths) : ICodeMapProvider
    {
        public IEnumerable<CodeMap> GetCodeMaps(DataQualityLog log)
        {
            foreach (string subpath in subpaths)
            {
                using var stream = Open(files, subpath);
                yield return CodeFiles.ReadCodeMap(stream, subpath, log);
            }
        }
    }

    private sealed class FileProviderIndicators(IFileProvider files, string[] subpaths) : IIndicatorProvider
    {
        public IEnumerable<IndicatorDefinition> GetIndicators()
        {
            foreach (string subpath in subpaths)
            {
                using var stream = Open(files, subpath);
                yield return IndicatorDefinitionJson.Read(stream, subpath);
            }
        }
    }
}
