using System.Text.Json.Nodes;

namespace TenantOperator.LocalApiServer.Tables;

/// <summary>Turns objects of one resource into a <c>meta.k8s.io/v1</c> Table, as kube-apiserver answers
/// <c>Accept: application/json;as=Table;v=v1;g=meta.k8s.io</c>.</summary>
public interface ITableConvertor
{
    /// <summary>Builds the Table for a list (or for a single object, passed as a one-element list).</summary>
    /// <param name="objects">The objects, in the order of the rows.</param>
    /// <param name="resourceVersion">The list's resourceVersion, written to the Table's metadata when not null.</param>
    /// <param name="continueToken">The list's continue token, written to the Table's metadata when not null.</param>
    /// <param name="include">What each row carries besides its cells.</param>
    JsonObject ToTable(IReadOnlyList<JsonObject> objects, string? resourceVersion, string? continueToken, TableIncludeObject include);
}
