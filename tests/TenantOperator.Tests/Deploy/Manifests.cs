using YamlDotNet.Serialization;

namespace TenantOperator.Tests.Deploy;

/// <summary>Multi-document YAML as `kubectl kustomize` prints it, read into plain dictionaries.</summary>
internal static class Manifests
{
    public static List<Dictionary<object, object>> Parse(string yaml)
    {
        var deserializer = new DeserializerBuilder().Build();
        return yaml.Split("\n---\n").Where(doc => doc.Trim().Length > 0)
            .Select(doc => (Dictionary<object, object>)deserializer.Deserialize<object>(doc)!).ToList();
    }

    public static string Kind(Dictionary<object, object> o) => (string)o["kind"];

    public static string Name(Dictionary<object, object> o) => (string)Map(o, "metadata")["name"];

    /// <summary>The map at <paramref name="path"/> (keys, or list indexes written as numbers).</summary>
    public static Dictionary<object, object> Map(object o, params object[] path) => (Dictionary<object, object>)At(o, path);

    public static object At(object o, params object[] path) => path.Aggregate(o, (node, key) => key is int index
        ? ((List<object>)node)[index]
        : ((Dictionary<object, object>)node)[key]);

    public static Dictionary<object, object> Single(List<Dictionary<object, object>> objects, string kind) =>
        objects.Single(o => Kind(o) == kind);

    /// <summary>The manager's container in the Deployment.</summary>
    public static Dictionary<object, object> ManagerContainer(List<Dictionary<object, object>> objects) =>
        Map(Single(objects, "Deployment"), "spec", "template", "spec", "containers", 0);
}
