namespace TenantOperator.LocalApiServer.Storage;

/// <summary>One page of a list: the items, the revision they are consistent at, and the token for the rest.</summary>
internal sealed record ListPage(IReadOnlyList<StoredObject> Items, long Revision, ContinueToken? Continue);
