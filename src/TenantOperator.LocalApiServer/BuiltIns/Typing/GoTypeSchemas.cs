using System.Text.Json.Nodes;

namespace TenantOperator.LocalApiServer.BuiltIns.Typing;

/// <summary>
/// The OpenAPI v3 schema of a Go type, for <c>/openapi/v3</c>, so that <c>kubectl explain</c> lists a built-in kind's
/// fields and types. Nested structs are written inline (kube-apiserver refers to named components instead), and
/// there are no descriptions: the server knows the types, not the API documentation.
/// </summary>
internal static class GoTypeSchemas
{
    /// <summary>The schema of <paramref name="type"/>.</summary>
    public static JsonObject For(GoType type) => type switch
    {
        GoScalar { Kind: GoScalarKind.String } => new JsonObject { ["type"] = "string" },
        GoScalar { Kind: GoScalarKind.Bool } => new JsonObject { ["type"] = "boolean" },
        GoScalar { Kind: GoScalarKind.Int32 } => new JsonObject { ["type"] = "integer", ["format"] = "int32" },
        GoScalar => new JsonObject { ["type"] = "integer", ["format"] = "int64" },
        GoBytes => new JsonObject { ["type"] = "string", ["format"] = "byte" },
        GoSlice slice => new JsonObject { ["type"] = "array", ["items"] = For(slice.Element) },
        GoMap map => new JsonObject { ["type"] = "object", ["additionalProperties"] = For(map.Value) },
        GoIntOrString => new JsonObject { ["type"] = "string", ["format"] = "int-or-string" },
        GoTime => new JsonObject { ["type"] = "string", ["format"] = "date-time" },
        GoRaw { IsList: true } => new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["x-kubernetes-preserve-unknown-fields"] = true } },
        GoRaw => new JsonObject { ["x-kubernetes-preserve-unknown-fields"] = true },
        GoStruct structType => new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject([.. structType.Fields.Select(f => KeyValuePair.Create(f.JsonName, (JsonNode?)For(f.Type)))]),
        },
        _ => new JsonObject(),
    };
}
