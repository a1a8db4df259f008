using System.Text.Json.Nodes;

namespace TenantOperator.Manifests;

/// <summary>One object read from a manifest file, with where it came from so errors can point at it.</summary>
public sealed record ManifestDocument(string File, int Index, JsonObject Content)
{
    /// <summary>The object's apiVersion, or empty.</summary>
    public string ApiVersion => Content["apiVersion"]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? Content["apiVersion"]!.GetValue<string>() : "";

    /// <summary>The object's kind, or empty.</summary>
    public string Kind => Content["kind"]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? Content["kind"]!.GetValue<string>() : "";

    /// <summary>The object's metadata.name, or empty.</summary>
    public string Name => Content["metadata"] is JsonObject m && m["name"]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? m["name"]!.GetValue<string>() : "";

    /// <summary>Where the object is, as errors print it: <c>file: document 2 (Kind name)</c>.</summary>
    public string Location => Kind.Length == 0 ? $"{File}: document {Index}" : $"{File}: document {Index} ({Quoted.IfNeeded(Kind)} {(Name.Length == 0 ? "<no name>" : Quoted.IfNeeded(Name))})";
}
