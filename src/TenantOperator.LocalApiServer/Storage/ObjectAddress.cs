namespace TenantOperator.LocalApiServer.Storage;

/// <summary>Where one object lives: its storage key (resource) and its namespace/name key.</summary>
internal readonly record struct ObjectAddress(string StorageKey, string Namespace, string Name)
{
    public string Key => StoredObject.KeyOf(Namespace, Name);
}
