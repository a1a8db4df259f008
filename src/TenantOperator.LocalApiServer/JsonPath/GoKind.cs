namespace TenantOperator.LocalApiServer.JsonPath;

/// <summary>
/// The Go type a Kubernetes server decodes a JSON value into (<c>map[string]interface{}</c>, <c>int64</c>, ...).
/// Kubernetes' messages and comparisons depend on it: <c>1</c> is an int64, <c>1.0</c> and <c>1e3</c> are float64.
/// </summary>
internal enum GoKind
{
    Null,
    Bool,
    Int,
    Float,
    String,
    Map,
    Slice,
}
