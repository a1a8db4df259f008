using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.BuiltIns.Typing;
using TenantOperator.LocalApiServer.Http;

namespace TenantOperator.LocalApiServer.BuiltIns;

/// <summary>A write to a built-in kind, as its validation sees it.</summary>
/// <param name="Object">The object after defaulting, in the version of the request (the URL's).</param>
/// <param name="Old">The stored object in the same version, on update; null on create.</param>
/// <param name="Subresource">"" for the main resource, else <c>status</c> or <c>finalize</c>.</param>
internal sealed record BuiltInWrite(JsonObject Object, JsonObject? Old, string Subresource)
{
    public bool IsCreate => Old is null;
}

/// <summary>
/// One built-in resource version as kube-apiserver treats it: the versioned Go struct a body is decoded into, the v1
/// defaulting functions, and the kind's validation (pkg/apis/*/validation). One subclass per kind, in Kinds/.
/// </summary>
internal abstract class BuiltInKind
{
    /// <summary>The Go struct of the served version.</summary>
    public abstract GoStruct Type { get; }

    /// <summary>True when metadata.finalizers without '/' must be standard names (kinds validated by core's ValidateObjectMeta).</summary>
    public virtual bool LegacyFinalizerNames => false;

    /// <summary>Applies the version's defaulting functions, in place; true when that changed anything.</summary>
    public virtual bool Default(JsonObject obj) => false;

    /// <summary>The registry strategy's PrepareForCreate / PrepareForUpdate: what the server resets before validating.</summary>
    public virtual void Prepare(BuiltInWrite write)
    {
    }

    /// <summary>The kind's validation errors, beyond the ObjectMeta rules every kind shares.</summary>
    public virtual IEnumerable<StatusCause> Validate(BuiltInWrite write) => [];
}
