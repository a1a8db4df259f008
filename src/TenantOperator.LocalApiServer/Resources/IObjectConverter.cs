using System.Text.Json.Nodes;

namespace TenantOperator.LocalApiServer.Resources;

/// <summary>
/// Converts objects between the shape they are stored in and the shape one served version shows,
/// as kube-apiserver converts between versions of one stored resource.
/// </summary>
internal interface IObjectConverter
{
    /// <summary>True when the converter only rewrites <c>apiVersion</c>; lists then copy stored bytes.</summary>
    bool IsIdentity { get; }

    /// <summary>The stored object as the served version shows it (a new object).</summary>
    JsonObject ToView(JsonObject stored, string apiVersion);

    /// <summary>A served-version object in the stored shape (a new object).</summary>
    JsonObject ToStorage(JsonObject view, string storageApiVersion);
}
