using Cel;
using TenantOperator.LocalApiServer.Schema;
using TenantOperator.LocalApiServer.Schema.Cel;
using TenantOperator.LocalApiServer.Schema.Cel.Cost;
using TenantOperator.LocalApiServer.Schema.Cel.Types;
using CelType = TenantOperator.LocalApiServer.Schema.Cel.Types.CelType;

namespace TenantOperator.LocalApiServer.Admission.Policies;

/// <summary>
/// The CEL variables a ValidatingAdmissionPolicy's expressions see, declared as kube-apiserver's admission compiler
/// declares them (k8s.io/apiserver/pkg/admission/plugin/cel/compile.go): <c>object</c>, <c>oldObject</c> and
/// <c>params</c> are <c>dyn</c> (<c>params</c> only when the policy has a paramKind), <c>request</c> and
/// <c>namespaceObject</c> are typed, <c>variables</c> has one field per declared variable, and <c>authorizer</c>
/// is declared where upstream declares it (validations, variables, match conditions; not message expressions).
/// <c>variables</c> is not declared at all where upstream compiles without composition (match conditions):
/// <paramref name="VariableNames"/> is null there.
/// </summary>
internal sealed record PolicyScope(bool HasParams, bool HasAuthorizer, IReadOnlyList<string>? VariableNames)
{
    private static readonly CelDeclType AnyString = new(SchemaDeclTypes.MaxRequestSizeBytes - 2, 2) { Type = CelType.String };

    private static readonly CelType RequestType = Struct(
        ("kind", Struct(("group", AnyString.Type), ("version", AnyString.Type), ("kind", AnyString.Type))),
        ("resource", Struct(("group", AnyString.Type), ("version", AnyString.Type), ("resource", AnyString.Type))),
        ("subResource", CelType.String),
        ("requestKind", Struct(("group", AnyString.Type), ("version", AnyString.Type), ("kind", AnyString.Type))),
        ("requestResource", Struct(("group", AnyString.Type), ("version", AnyString.Type), ("resource", AnyString.Type))),
        ("requestSubResource", CelType.String),
        ("name", CelType.String),
        ("namespace", CelType.String),
        ("operation", CelType.String),
        ("userInfo", Struct(
            ("username", CelType.String),
            ("uid", CelType.String),
            ("groups", CelType.List(CelType.String)),
            ("extra", CelType.Map(CelType.String, CelType.List(CelType.String))))),
        ("dryRun", CelType.Bool),
        ("options", CelType.Dyn));

    private static readonly CelType NamespaceType = Struct(
        ("metadata", Struct(
            ("name", CelType.String),
            ("generateName", CelType.String),
            ("namespace", CelType.String),
            ("labels", CelType.Map(CelType.String, CelType.String)),
            ("annotations", CelType.Map(CelType.String, CelType.String)),
            ("UID", CelType.String),
            ("creationTimestamp", CelType.Timestamp),
            ("deletionGracePeriodSeconds", CelType.Int),
            ("deletionTimestamp", CelType.Timestamp),
            ("generation", CelType.Int),
            ("resourceVersion", CelType.String),
            ("finalizers", CelType.List(CelType.String)))),
        ("spec", Struct(("finalizers", CelType.List(CelType.String)))),
        ("status", Struct(("conditions", CelType.List(CelType.Dyn)), ("phase", CelType.String))));

    /// <summary>The variables declared for an expression of this scope.</summary>
    public Dictionary<string, CelType> Declarations()
    {
        var variables = new Dictionary<string, CelType>(StringComparer.Ordinal)
        {
            ["object"] = CelType.Dyn,
            ["oldObject"] = CelType.Dyn,
            ["request"] = RequestType,
            ["namespaceObject"] = NamespaceType,
        };
        if (VariableNames is not null)
        {
            variables["variables"] = Struct([.. VariableNames.Select(n => (n, CelType.Dyn))]);
        }

        if (HasParams)
        {
            variables["params"] = CelType.Dyn;
        }

        if (HasAuthorizer)
        {
            variables["authorizer"] = CelType.Dyn;
        }

        return variables;
    }

    /// <summary>
    /// Compiles one expression of a policy; <paramref name="resultType"/> is what it must evaluate to (null: anything).
    /// A compile error is kube-apiserver's detail (<c>compilation failed: ERROR: &lt;input&gt;:1:1: ...</c>).
    /// </summary>
    public PolicyExpression Compile(string expression, CelRuleEnvironment environment, CelType? resultType)
    {
        if (!CelRuleCompiler.TryCompile(expression, environment, Declarations(), out var program, out var checkedExpression, out var error))
        {
            return new PolicyExpression(expression, null, null, "compilation failed: " + error, null);
        }

        // Our checker types as dyn what it cannot resolve, so only a known type other than the required one is refused.
        var actual = checkedExpression.ResultType;
        if (resultType is not null && actual.Kind != CelTypeKind.Dyn && !actual.Equals(resultType))
        {
            return new PolicyExpression(expression, null, null, $"must evaluate to {resultType} but got {actual}", null);
        }

        var unsupported = CelRuleCompiler.UnsupportedConstruct(expression)
            ?? (checkedExpression.ReferencedVariables.Contains("authorizer") ? "the authorizer variable" : null);
        return new PolicyExpression(expression, program, EvaluationCost.For(checkedExpression), null,
            unsupported is null ? null : $"the expression uses {unsupported}, which the local apiserver's CEL library does not provide");
    }

    private static CelType Struct(params (string Name, CelType Type)[] fields) =>
        CelDeclType.NewObject(fields.ToDictionary(f => f.Name, f => new CelDeclType(SchemaDeclTypes.MaxRequestSizeBytes - 2, 1) { Type = f.Type }, StringComparer.Ordinal), 2).Type;
}

/// <summary>
/// One compiled expression of a policy: its program and runtime cost, or the compile error that makes every
/// evaluation fail (<c>compilation error: ...</c>), or the reason this server cannot evaluate it (then it admits).
/// </summary>
internal sealed record PolicyExpression(string Source, CelProgramDelegate? Program, EvaluationCost? Cost, string? CompileError, string? NotEvaluatedReason);
