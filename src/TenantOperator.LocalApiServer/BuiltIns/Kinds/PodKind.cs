using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.BuiltIns.Typing;
using TenantOperator.LocalApiServer.BuiltIns.Typing.Types;

namespace TenantOperator.LocalApiServer.BuiltIns.Kinds;

/// <summary>
/// v1 Pod: the defaulting functions of pkg/apis/core/v1/defaults.go for the parts this server models (PodSpec, Pod,
/// Container, ContainerPort). Pods are stored, never run; their validation (ValidatePodCreate) is not implemented.
/// </summary>
internal sealed class PodKind : BuiltInKind
{
    public override GoStruct Type => CoreV1.Pod;

    public override bool LegacyFinalizerNames => true;

    public override bool Default(JsonObject obj)
    {
        if (obj["spec"] is not JsonObject spec)
        {
            return false;
        }

        // SetDefaults_PodSpec.
        SetIfEmpty(spec, "dnsPolicy", "ClusterFirst");
        SetIfEmpty(spec, "restartPolicy", "Always");
        spec["securityContext"] ??= new JsonObject();
        spec["terminationGracePeriodSeconds"] ??= 30L;
        SetIfEmpty(spec, "schedulerName", "default-scheduler");

        // SetDefaults_Pod.
        spec["enableServiceLinks"] ??= true;
        var hostNetwork = JsonFields.Bool(spec["hostNetwork"]);
        foreach (var list in new[] { "containers", "initContainers" })
        {
            foreach (var container in (spec[list] as JsonArray ?? []).OfType<JsonObject>())
            {
                DefaultContainer(container, hostNetwork);
            }
        }

        // Pods are rarely written here and their defaults nearly always add something: re-encode every time.
        return true;
    }

    private static void DefaultContainer(JsonObject container, bool hostNetwork)
    {
        if (JsonFields.Text(container["imagePullPolicy"]).Length == 0)
        {
            container["imagePullPolicy"] = ImageTag(JsonFields.Text(container["image"])) == "latest" ? "Always" : "IfNotPresent";
        }

        SetIfEmpty(container, "terminationMessagePath", "/dev/termination-log");
        SetIfEmpty(container, "terminationMessagePolicy", "File");
        foreach (var port in (container["ports"] as JsonArray ?? []).OfType<JsonObject>())
        {
            SetIfEmpty(port, "protocol", "TCP");
            if (hostNetwork && (JsonFields.Long(port["hostPort"]) ?? 0) == 0)
            {
                port["hostPort"] = port["containerPort"]?.DeepClone();
            }
        }

        // Requests default to the limits they lack.
        if (container["resources"]?["limits"] is JsonObject limits && container["resources"] is JsonObject resources)
        {
            var requests = resources["requests"] as JsonObject ?? [];
            foreach (var (name, value) in limits)
            {
                if (!requests.ContainsKey(name))
                {
                    requests[name] = value?.DeepClone();
                }
            }

            resources["requests"] = requests;
        }
    }

    // parsers.ParseImageName's tag: "latest" when the reference names neither a tag nor a digest.
    private static string ImageTag(string image)
    {
        if (image.Length == 0 || image.Contains('@', StringComparison.Ordinal))
        {
            return string.Empty;
        }

        var lastSlash = image.LastIndexOf('/');
        var colon = image.IndexOf(':', lastSlash + 1);
        return colon < 0 ? "latest" : image[(colon + 1)..];
    }

    private static void SetIfEmpty(JsonObject obj, string field, string value)
    {
        if (JsonFields.Text(obj[field]).Length == 0)
        {
            obj[field] = value;
        }
    }
}
