namespace TenantOperator.LocalApiServer.Storage;

/// <summary>The parts of an ownerReference the garbage collector needs.</summary>
internal readonly record struct OwnerReference(string Uid, bool BlockOwnerDeletion);
