using System.Reflection;
using YamlDotNet.Serialization;

namespace TenantOperator.Hosting;

/// <summary>
/// The files of a <c>config/</c> directory built into this assembly (see the project file), listed in the order of
/// that directory's <c>kustomization.yaml</c>, so that a published binary applies what <c>make deploy</c> applies.
/// </summary>
internal static class EmbeddedConfig
{
    /// <summary>The file names in <c>config/<paramref name="directory"/>/kustomization.yaml</c>'s <c>resources</c>, in order.</summary>
    public static IReadOnlyList<string> Files(string directory)
    {
        var kustomization = new DeserializerBuilder().IgnoreUnmatchedProperties().Build()
            .Deserialize<Dictionary<string, object>>(Read(directory, "kustomization.yaml"));
        return kustomization.TryGetValue("resources", out var resources) && resources is List<object> list
            ? [.. list.Select(r => r.ToString()!)]
            : throw new InvalidOperationException($"config/{directory}/kustomization.yaml lists no resources.");
    }

    /// <summary>The text of one built-in file of <c>config/<paramref name="directory"/></c>.</summary>
    public static string Read(string directory, string file)
    {
        var name = $"config/{directory}/{file}";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"{name} is not built into {Assembly.GetExecutingAssembly().GetName().Name}; its kustomization names a file the build did not embed.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
