namespace TenantOperator.Api.Schema;

/// <summary>Marks a list of scalars as <c>x-kubernetes-list-type: set</c>: no value may appear twice.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ListSetAttribute : Attribute;
