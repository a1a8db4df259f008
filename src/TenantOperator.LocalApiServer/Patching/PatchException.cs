namespace TenantOperator.LocalApiServer.Patching;

/// <summary>A patch that cannot be applied; the message says which operation or path failed.</summary>
internal sealed class PatchException(string message) : Exception(message);
