using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Http;
using TenantOperator.LocalApiServer.JsonPath;
using TenantOperator.LocalApiServer.Schema.Cel;
using TenantOperator.LocalApiServer.Schema.Cel.Cost;

namespace TenantOperator.LocalApiServer.Schema;

/// <summary>
/// A CRD version's <c>openAPIV3Schema</c>, checked and compiled, that admits custom resources as kube-apiserver
/// does: unknown fields pruned (and reported), metadata coerced to ObjectMeta, defaults applied, then the
/// object validated — schema types and value validations, metadata.name, embedded resources, list-type
/// uniqueness and CEL <c>x-kubernetes-validations</c> rules — with Kubernetes' error texts. Immutable and
/// thread-safe once compiled. See docs/local-apiserver-schema.md for what differs from a real cluster.
/// </summary>
public sealed class StructuralSchema
{
    private const string DefaultFieldPath = "openAPIV3Schema";
    private const string NotAllRulesChecked = "some validation rules were not checked because the object was invalid; correct the existing errors to complete validation";

    private readonly SchemaNode _root;
    private readonly CelValidator _celValidator;
    private readonly bool _hasRules;

    private StructuralSchema(SchemaNode root, Dictionary<SchemaNode, IReadOnlyList<CompiledRule>> rules, IReadOnlyList<string> notEvaluated)
    {
        _root = root;
        _celValidator = new CelValidator(rules);
        _hasRules = rules.Count > 0;
        NotEvaluatedRules = notEvaluated;
    }

    /// <summary>
    /// The CEL rules that are accepted but never evaluated, each with where it sits and why (it calls a function of a
    /// Kubernetes CEL library this server lacks, or uses optional types). Empty for rules in the supported subset.
    /// </summary>
    public IReadOnlyList<string> NotEvaluatedRules { get; }

    /// <summary>The estimated cost of each rule and message expression, as kube-apiserver estimates it at CRD creation.</summary>
    internal IReadOnlyList<RuleCost> RuleCosts { get; private init; } = [];

    /// <summary>
    /// Checks and compiles a schema; field paths in errors start at <c>openAPIV3Schema</c>. Non-empty
    /// <paramref name="errors"/> mean the CRD must be rejected with 422 Invalid.
    /// </summary>
    public static StructuralSchema Compile(JsonObject openApiV3Schema, out IReadOnlyList<StatusCause> errors) =>
        Compile(openApiV3Schema, DefaultFieldPath, out errors);

    /// <summary>
    /// Checks and compiles a schema, with error paths starting at <paramref name="fieldPath"/> — for a v1 CRD,
    /// <c>spec.versions[0].schema.openAPIV3Schema</c>, as kube-apiserver reports them.
    /// </summary>
    public static StructuralSchema Compile(JsonObject openApiV3Schema, string fieldPath, out IReadOnlyList<StatusCause> errors) =>
        Compile(openApiV3Schema, fieldPath, CelRuleEnvironment.Default, out errors);

    /// <summary>
    /// Checks and compiles a schema with its CEL rules checked against <paramref name="environment"/>: a kube-apiserver
    /// release's environment for new rules (CRD create/update) or stored ones (admission). Rules that call a function
    /// the environment lacks, and rules whose estimated cost is over Kubernetes' limits, are errors.
    /// </summary>
    public static StructuralSchema Compile(JsonObject openApiV3Schema, string fieldPath, CelRuleEnvironment environment, out IReadOnlyList<StatusCause> errors)
    {
        ArgumentNullException.ThrowIfNull(openApiV3Schema);
        ArgumentNullException.ThrowIfNull(fieldPath);
        ArgumentNullException.ThrowIfNull(environment);
        var path = new FieldPath(fieldPath);
        var all = new List<StatusCause>();
        var root = SchemaReader.Read(openApiV3Schema, path, all);
        if (root.Nullable)
        {
            all.Add(FieldErrors.Forbidden(path.Child("nullable").ToString(), "nullable cannot be true at the root"));
        }
        var celErrors = new List<StatusCause>();
        var rules = CelRuleCompiler.CompileAll(root, path, environment, celErrors, out var ruleCosts);
        var structural = StructuralChecks.Check(root, path);
        all.AddRange(structural);
        if (structural.Count == 0)
        {
            DefaultChecks.Check(root, path, new CelValidator(rules), all);
        }
        all.AddRange(CrdSchemaChecks.Check(root, path));
        if (all.Count == 0)
        {
            // Kubernetes only type-checks rules of a schema that is otherwise valid.
            all.AddRange(celErrors);
        }
        errors = all;
        return new StructuralSchema(root, rules, DescribeNotEvaluated(root, rules, path)) { RuleCosts = ruleCosts };
    }

    /// <summary>
    /// Admits a custom resource on create (<paramref name="oldObj"/> null) or update: prunes unknown fields,
    /// coerces metadata, applies defaults and validates. Mutates <paramref name="obj"/>.
    /// </summary>
    public SchemaAdmissionResult Admit(JsonObject obj, JsonObject? oldObj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var errors = new List<StatusCause>();
        var unknown = new List<string>();
        // The old object is compared as kube-apiserver reads it from storage: pruned and defaulted.
        oldObj = oldObj is null ? null : AsStored(oldObj);

        ObjectMetaRules.CoerceMetadata(obj, "", unknown, errors);
        unknown.AddRange(Pruner.Prune(obj, _root, isResourceRoot: true));
        Defaulter.DropNonNullableNulls(obj, _root);
        var embeddedUnknown = new List<string>();
        ObjectMetaRules.CoerceEmbeddedMetadata(obj, _root, "", embeddedUnknown, errors, isRoot: true);
        embeddedUnknown.Sort(StringComparer.Ordinal);
        unknown.AddRange(embeddedUnknown);
        Defaulter.ApplyDefaults(obj, _root);

        ObjectMetaRules.ValidateName(obj, errors);
        OpenApiValidator.Validate(obj, oldObj, oldObj is not null, _root, "", errors);
        ObjectMetaRules.ValidateEmbeddedResources(obj, _root, FieldPath.Root, errors, isRoot: true);
        ValidateListTypes(obj, oldObj, errors);
        if (!_hasRules)
        {
            // Without rules there is no CEL validator, so Kubernetes says nothing about unchecked rules.
        }
        else if (errors.Any(IsBlocking))
        {
            errors.Add(FieldErrors.Invalid(FieldErrors.NoField, (JsonNode?)null, NotAllRulesChecked));
        }
        else
        {
            _celValidator.Validate(obj, oldObj, oldObj is not null, _root, FieldPath.Root, isResourceRoot: true, errors);
        }
        return new SchemaAdmissionResult(errors, unknown);
    }

    /// <summary>
    /// Applies the schema's defaults to a stored object, as kube-apiserver does when it reads custom resources
    /// (defaults added to a CRD later show up on read without being written back). Mutates <paramref name="obj"/>.
    /// </summary>
    public void ApplyDefaults(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        Defaulter.ApplyDefaults(obj, _root);
    }

    private JsonObject AsStored(JsonObject stored)
    {
        var copy = stored.DeepClone().AsObject();
        Pruner.Prune(copy, _root, isResourceRoot: true);
        Defaulter.DropNonNullableNulls(copy, _root);
        Defaulter.ApplyDefaults(copy, _root);
        return copy;
    }

    private void ValidateListTypes(JsonObject obj, JsonObject? oldObj, List<StatusCause> errors)
    {
        // On update Kubernetes only enforces list types when the old object satisfied them.
        if (oldObj is not null)
        {
            var oldErrors = new List<StatusCause>();
            ListTypeValidator.Validate(oldObj, _root, FieldPath.Root, oldErrors);
            if (oldErrors.Count > 0)
            {
                return;
            }
        }
        ListTypeValidator.Validate(obj, _root, FieldPath.Root, errors);
    }

    // Errors after which Kubernetes does not run CEL rules, because the object may not even have the right shape.
    private static bool IsBlocking(StatusCause error) => error.Reason is FieldErrorReasons.NotSupported or FieldErrorReasons.Required
        or FieldErrorReasons.TooLong or FieldErrorReasons.TooMany or FieldErrorReasons.TypeInvalid;

    private static List<string> DescribeNotEvaluated(SchemaNode root, Dictionary<SchemaNode, IReadOnlyList<CompiledRule>> rules, FieldPath path)
    {
        var result = new List<string>();
        Visit(root, path);
        return result;

        void Visit(SchemaNode node, FieldPath at)
        {
            if (rules.TryGetValue(node, out var compiled))
            {
                foreach (var rule in compiled.Where(r => r.NotEvaluatedReason is not null && r.Program is not null))
                {
                    result.Add($"{at}: rule {GoText.Quote(rule.Rule.Rule)} is not evaluated: {rule.NotEvaluatedReason}");
                }
            }
            foreach (var (name, property) in node.PropertyList)
            {
                Visit(property, at.Child("properties").Key(name));
            }
            if (node.Items is not null)
            {
                Visit(node.Items, at.Child("items"));
            }
            if (node.AdditionalProperties is not null)
            {
                Visit(node.AdditionalProperties, at.Child("additionalProperties"));
            }
        }
    }
}
