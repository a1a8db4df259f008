using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using TenantOperator.Manifests;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace TenantOperator.Cli;

/// <summary>Kubernetes objects as YAML, each document ending in a newline.</summary>
internal static class YamlOutput
{
    /// <summary>
    /// One object as KubernetesClient writes it (its layout is what config/crd holds; <c>crd</c> prints nothing a
    /// YAML 1.1 reader could take for another type, which CrdCommandTests checks).
    /// </summary>
    public static string Document(object value)
    {
        var yaml = KubernetesYaml.Serialize(value);
        return yaml.EndsWith('\n') ? yaml : yaml + "\n";
    }

    /// <summary>
    /// Several objects as a multi-document stream, each introduced by <c>---</c>, the way kubectl writes them (keys
    /// sorted, two-space indentation) and read back by kubectl as exactly the JSON the objects serialize to: a string
    /// is written plain only when YAML 1.1, as kubectl reads it (<see cref="YamlScalarResolver"/>), reads it back as
    /// that string, so <c>"0x50"</c>, <c>"yes"</c>, <c>"1_000"</c> or <c>"~"</c> are quoted.
    /// </summary>
    public static string Documents(IEnumerable<object> values) => string.Concat(values.Select(v => "---\n" + KubectlDocument(v)));

    private static string KubectlDocument(object value)
    {
        using var text = new StringWriter();
        var emitter = new Emitter(text, new EmitterSettings(bestIndent: 2, bestWidth: int.MaxValue, isCanonical: false, maxSimpleKeyLength: 1024));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, isImplicit: true));
        Emit(emitter, JsonNode.Parse(KubernetesJson.Serialize(value)));
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    private static void Emit(IEmitter emitter, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject mapping:
                emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, isImplicit: true, mapping.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var (key, value) in mapping.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    emitter.Emit(String(key));
                    Emit(emitter, value);
                }

                emitter.Emit(new MappingEnd());
                break;
            case JsonArray sequence:
                emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, isImplicit: true, sequence.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in sequence)
                {
                    Emit(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                emitter.Emit(String(value.GetValue<string>()));
                break;
            default:
                // Numbers, booleans and null: JSON's spelling is also YAML 1.1's.
                emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, node?.ToJsonString() ?? "null", ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));
                break;
        }
    }

    private static Scalar String(string text)
    {
        var resolved = YamlScalarResolver.ResolvePlain(text);
        var readBackAsIs = resolved.Kind == YamlScalarKind.String && !resolved.NumberOutOfRange && text != "<<";
        return new Scalar(AnchorName.Empty, TagName.Empty, text, readBackAsIs ? ScalarStyle.Any : ScalarStyle.DoubleQuoted, isPlainImplicit: true, isQuotedImplicit: true);
    }
}
