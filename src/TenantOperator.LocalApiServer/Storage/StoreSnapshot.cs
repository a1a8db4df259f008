namespace TenantOperator.LocalApiServer.Storage;

/// <summary>Every object of the store at one resourceVersion (the objects are immutable, so this is a cheap copy).</summary>
internal sealed record StoreSnapshot(long Revision, IReadOnlyList<StoredObject> Objects);
