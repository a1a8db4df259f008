namespace TenantOperator.Api.Schema;

/// <summary>A named property of an object schema.</summary>
public sealed record SchemaProperty(string JsonName, ApiSchemaNode Schema, bool Required);
