using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TenantOperator.LocalApiServer.Http;
using TenantOperator.LocalApiServer.Objects;
using TenantOperator.LocalApiServer.Resources;
using TenantOperator.LocalApiServer.Schema;
using TenantOperator.LocalApiServer.Selectors;

namespace TenantOperator.LocalApiServer.Admission.Policies;

/// <summary>
/// The registry rules of ValidatingAdmissionPolicy and ValidatingAdmissionPolicyBinding
/// (admissionregistration.k8s.io/v1): the defaults of pkg/apis/admissionregistration/v1/defaults.go (failurePolicy
/// Fail, matchPolicy Equivalent, empty selectors, rule scope <c>*</c>) and the checks of
/// pkg/apis/admissionregistration/validation (v1.32), with its field paths and wording. Every expression is compiled
/// as it is at admission; an expression kept unchanged by an update is checked against the stored environment.
/// </summary>
internal static partial class AdmissionPolicyKinds
{
    public const string Group = "admissionregistration.k8s.io";
    public const string Policies = "validatingadmissionpolicies";
    public const string Bindings = "validatingadmissionpolicybindings";
    public const string PolicyStorageKey = Policies + "." + Group;
    public const string BindingStorageKey = Bindings + "." + Group;

    private static readonly string[] FailurePolicies = ["Fail", "Ignore"];
    private static readonly string[] MatchPolicies = ["Equivalent", "Exact"];
    private static readonly string[] Operations = ["*", "CONNECT", "CREATE", "DELETE", "UPDATE"];
    private static readonly string[] Scopes = ["*", "Cluster", "Namespaced"];
    private static readonly string[] Reasons = ["Forbidden", "Invalid", "RequestEntityTooLarge", "Unauthorized"];
    private static readonly string[] Actions = ["Audit", "Deny", "Warn"];
    private static readonly HashSet<string> ReservedWords = new(StringComparer.Ordinal)
    {
        "true", "false", "null", "in", "as", "break", "const", "continue", "else", "for", "function", "if", "import", "let",
        "loop", "package", "namespace", "return", "var", "void", "while",
    };

    [GeneratedRegex("^[_a-zA-Z][_a-zA-Z0-9]*$")]
    private static partial Regex CelIdentifier();

    [GeneratedRegex("[\n\r]+")]
    private static partial Regex LineBreak();

    /// <summary>True for the two kinds this class validates.</summary>
    public static bool Handles(ResourceDefinition resource) =>
        resource.StorageKey is PolicyStorageKey or BindingStorageKey;

    /// <summary>Applies the defaults to <paramref name="obj"/> and returns its validation errors.</summary>
    public static IEnumerable<StatusCause> DefaultAndValidate(ResourceDefinition resource, JsonObject obj, JsonObject? old, KubernetesVersion version)
    {
        var spec = obj["spec"] as JsonObject;
        if (spec is null)
        {
            spec = [];
            obj["spec"] = spec;
        }

        var errors = new List<StatusCause>();
        if (resource.StorageKey == PolicyStorageKey)
        {
            DefaultPolicy(spec);
            ValidatePolicy(spec, old?["spec"] as JsonObject, version, errors);
        }
        else
        {
            DefaultMatchResources(spec["matchResources"] as JsonObject);
            ValidateBinding(spec, errors);
        }

        return errors;
    }

    private static void DefaultPolicy(JsonObject spec)
    {
        spec["failurePolicy"] ??= "Fail";
        DefaultMatchResources(spec["matchConstraints"] as JsonObject);
    }

    private static void DefaultMatchResources(JsonObject? match)
    {
        if (match is null)
        {
            return;
        }

        match["matchPolicy"] ??= "Equivalent";
        match["namespaceSelector"] ??= new JsonObject();
        match["objectSelector"] ??= new JsonObject();
        foreach (var list in new[] { "resourceRules", "excludeResourceRules" })
        {
            foreach (var rule in (match[list] as JsonArray ?? []).OfType<JsonObject>())
            {
                rule["scope"] ??= "*";
            }
        }
    }

    private static void ValidatePolicy(JsonObject spec, JsonObject? oldSpec, KubernetesVersion version, List<StatusCause> errors)
    {
        var failurePolicy = Text(spec["failurePolicy"]);
        if (!FailurePolicies.Contains(failurePolicy))
        {
            errors.Add(FieldErrors.NotSupported("spec.failurePolicy", failurePolicy, FailurePolicies));
        }

        if (spec["paramKind"] is JsonObject paramKind)
        {
            ValidateParamKind(paramKind, errors);
        }

        if (spec["matchConstraints"] is not JsonObject constraints)
        {
            errors.Add(FieldErrors.Required("spec.matchConstraints"));
        }
        else
        {
            ValidateMatchResources(constraints, "spec.matchConstraints", errors);
            if ((constraints["resourceRules"] as JsonArray ?? []).Count == 0)
            {
                errors.Add(FieldErrors.Required("spec.matchConstraints.resourceRules"));
            }
        }

        var stored = StoredExpressions(oldSpec);
        var compiled = CompiledPolicy.CompileSpec(spec, expression => stored.Contains(expression) ? CelRuleEnvironment.ForStoredRules(version) : CelRuleEnvironment.ForNewRules(version));
        ValidateMatchConditions(spec, compiled, errors);
        var variables = spec["variables"] as JsonArray ?? [];
        for (var i = 0; i < variables.Count; i++)
        {
            var path = $"spec.variables[{i}]";
            var name = Text(variables[i]?["name"]);
            if (name.Trim().Length == 0)
            {
                errors.Add(FieldErrors.Required(path + ".name", "name is not specified"));
            }
            else if (!CelIdentifier().IsMatch(name) || ReservedWords.Contains(name))
            {
                errors.Add(FieldErrors.Invalid(path + ".name", name, "name is not a valid CEL identifier"));
            }

            if (Text(variables[i]?["expression"]).Trim().Length == 0)
            {
                errors.Add(FieldErrors.Required(path + ".expression", "expression is not specified"));
            }
            else if (compiled.Variables[i].Expression.CompileError is { } error)
            {
                errors.Add(FieldErrors.Invalid(path + ".expression", compiled.Variables[i].Expression.Source, error));
            }
        }

        var validations = spec["validations"] as JsonArray ?? [];
        if (validations.Count == 0 && (spec["auditAnnotations"] as JsonArray ?? []).Count == 0)
        {
            errors.Add(FieldErrors.Required("spec.validations", "validations or auditAnnotations must contain at least one item"));
            errors.Add(FieldErrors.Required("spec.auditAnnotations", "validations or auditAnnotations must contain at least one item"));
            return;
        }

        for (var i = 0; i < validations.Count; i++)
        {
            ValidateValidation(validations[i] as JsonObject ?? [], compiled.Validations[i], $"spec.validations[{i}]", errors);
        }
    }

    private static void ValidateValidation(JsonObject validation, CompiledValidation compiled, string path, List<StatusCause> errors)
    {
        var expression = Text(validation["expression"]);
        if (expression.Trim().Length == 0)
        {
            errors.Add(FieldErrors.Required(path + ".expression", "expression is not specified"));
        }
        else if (compiled.Expression.CompileError is { } error)
        {
            errors.Add(FieldErrors.Invalid(path + ".expression", expression, error));
        }

        var messageExpression = Text(validation["messageExpression"]);
        if (messageExpression.Length > 0 && messageExpression.Trim().Length == 0)
        {
            errors.Add(FieldErrors.Invalid(path + ".messageExpression", messageExpression, "must be non-empty if specified"));
        }
        else if (compiled.MessageExpression?.CompileError is { } messageError)
        {
            errors.Add(FieldErrors.Invalid(path + ".messageExpression", messageExpression, messageError));
        }

        var message = Text(validation["message"]);
        if (message.Length > 0 && message.Trim().Length == 0)
        {
            errors.Add(FieldErrors.Invalid(path + ".message", message, "message must be non-empty if specified"));
        }
        else if (LineBreak().IsMatch(message.Trim()))
        {
            errors.Add(FieldErrors.Invalid(path + ".message", message, "message must not contain line breaks"));
        }

        if (validation["reason"] is JsonNode reason && !Reasons.Contains(Text(reason)))
        {
            errors.Add(FieldErrors.NotSupported(path + ".reason", Text(reason), Reasons));
        }
    }

    private static void ValidateMatchConditions(JsonObject spec, CompiledPolicy compiled, List<StatusCause> errors)
    {
        var conditions = spec["matchConditions"] as JsonArray ?? [];
        if (conditions.Count > 64)
        {
            errors.Add(FieldErrors.TooMany("spec.matchConditions", conditions.Count, 64));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < conditions.Count; i++)
        {
            var path = $"spec.matchConditions[{i}]";
            var expression = Text(conditions[i]?["expression"]);
            if (expression.Trim().Length == 0)
            {
                errors.Add(FieldErrors.Required(path + ".expression"));
            }
            else if (compiled.MatchConditions[i].Expression.CompileError is { } error)
            {
                errors.Add(FieldErrors.Invalid(path + ".expression", expression.Trim(), error));
            }

            var name = Text(conditions[i]?["name"]);
            if (name.Length == 0)
            {
                errors.Add(FieldErrors.Required(path + ".name"));
            }
            else if (MetadataValidation.QualifiedNameError(name) is { } nameError)
            {
                errors.Add(FieldErrors.Invalid(path + ".name", name, nameError));
            }

            if (name.Length > 0 && !names.Add(name))
            {
                errors.Add(FieldErrors.Duplicate(path + ".name", name));
            }
        }
    }

    private static void ValidateParamKind(JsonObject paramKind, List<StatusCause> errors)
    {
        var apiVersion = Text(paramKind["apiVersion"]);
        if (apiVersion.Length == 0)
        {
            errors.Add(FieldErrors.Required("spec.paramKind.apiVersion"));
        }
        else if (apiVersion.Count(c => c == '/') > 1)
        {
            errors.Add(FieldErrors.Invalid("spec.paramKind.apiVersion", apiVersion, $"unexpected GroupVersion string: {apiVersion}"));
        }
        else if (apiVersion.EndsWith('/'))
        {
            errors.Add(FieldErrors.Invalid("spec.paramKind.apiVersion", apiVersion, "version must be specified"));
        }

        if (Text(paramKind["kind"]).Length == 0)
        {
            errors.Add(FieldErrors.Required("spec.paramKind.kind"));
        }
    }

    private static void ValidateBinding(JsonObject spec, List<StatusCause> errors)
    {
        var policyName = Text(spec["policyName"]);
        if (policyName.Length == 0)
        {
            errors.Add(FieldErrors.Required("spec.policyName"));
        }
        else
        {
            foreach (var cause in MetadataValidation.NameErrors(policyName, NameRule.Subdomain, "spec.policyName"))
            {
                errors.Add(new StatusCause(cause.Field, cause.Reason, cause.Message));
            }
        }

        if (spec["paramRef"] is JsonObject paramRef)
        {
            ValidateParamRef(paramRef, errors);
        }

        if (spec["matchResources"] is JsonObject match)
        {
            ValidateMatchResources(match, "spec.matchResources", errors);
        }

        var actions = (spec["validationActions"] as JsonArray ?? []).Select(Text).ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < actions.Count; i++)
        {
            if (!Actions.Contains(actions[i]))
            {
                errors.Add(FieldErrors.NotSupported($"spec.validationActions[{i}]", actions[i], Actions));
            }

            if (!seen.Add(actions[i]))
            {
                errors.Add(FieldErrors.Duplicate($"spec.validationActions[{i}]", actions[i]));
            }
        }

        if (seen.Contains("Deny") && seen.Contains("Warn"))
        {
            errors.Add(InvalidSlice("spec.validationActions", "admissionregistration.ValidationAction", actions,
                "must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)"));
        }

        if (seen.Count == 0)
        {
            errors.Add(FieldErrors.Required("spec.validationActions", "at least one validation action is required"));
        }
    }

    private static void ValidateParamRef(JsonObject paramRef, List<StatusCause> errors)
    {
        var name = Text(paramRef["name"]);
        var selector = paramRef["selector"] as JsonObject;
        if (name.Length > 0)
        {
            foreach (var cause in MetadataValidation.NameErrors(name, NameRule.PathSegment, "spec.paramRef.name"))
            {
                errors.Add(new StatusCause(cause.Field, cause.Reason, cause.Message));
            }

            if (selector is not null)
            {
                errors.Add(FieldErrors.Forbidden("spec.paramRef.name", "name and selector are mutually exclusive"));
            }
        }

        if (selector is not null)
        {
            errors.AddRange(LabelSelectorObject.Errors(selector, "spec.paramRef.selector"));
            if (name.Length > 0)
            {
                errors.Add(FieldErrors.Forbidden("spec.paramRef.selector", "name and selector are mutually exclusive"));
            }
        }

        if (name.Length == 0 && selector is null)
        {
            errors.Add(FieldErrors.Required("spec.paramRef", "one of name or selector must be specified"));
        }

        var action = Text(paramRef["parameterNotFoundAction"]);
        if (action.Length == 0)
        {
            errors.Add(FieldErrors.Required("spec.paramRef.parameterNotFoundAction"));
        }
        else if (action is not ("Deny" or "Allow"))
        {
            errors.Add(FieldErrors.NotSupported("spec.paramRef.parameterNotFoundAction", action, ["Deny", "Allow"]));
        }
    }

    private static void ValidateMatchResources(JsonObject match, string path, List<StatusCause> errors)
    {
        var matchPolicy = Text(match["matchPolicy"]);
        if (!MatchPolicies.Contains(matchPolicy))
        {
            errors.Add(FieldErrors.NotSupported(path + ".matchPolicy", matchPolicy, MatchPolicies));
        }

        foreach (var selector in new[] { "namespaceSelector", "objectSelector" })
        {
            errors.AddRange(LabelSelectorObject.Errors(match[selector] as JsonObject ?? [], $"{path}.{selector}"));
        }

        foreach (var list in new[] { "resourceRules", "excludeResourceRules" })
        {
            var rules = match[list] as JsonArray ?? [];
            for (var i = 0; i < rules.Count; i++)
            {
                ValidateRule(rules[i] as JsonObject ?? [], $"{path}.{list}[{i}]", errors);
            }
        }
    }

    private static void ValidateRule(JsonObject rule, string path, List<StatusCause> errors)
    {
        var names = Strings(rule["resourceNames"]);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            foreach (var cause in MetadataValidation.NameErrors(names[i], NameRule.PathSegment, $"{path}.resourceNames[{i}]"))
            {
                errors.Add(new StatusCause(cause.Field, cause.Reason, cause.Message));
            }

            if (!seen.Add(names[i]))
            {
                errors.Add(FieldErrors.Duplicate($"{path}.resourceNames[{i}]", names[i]));
            }
        }

        var operations = Strings(rule["operations"]);
        if (operations.Count == 0)
        {
            errors.Add(FieldErrors.Required(path + ".operations"));
        }

        if (operations.Count > 1 && operations.Contains("*"))
        {
            errors.Add(InvalidSlice(path + ".operations", "admissionregistration.OperationType", operations, "if '*' is present, must not specify other operations"));
        }

        for (var i = 0; i < operations.Count; i++)
        {
            if (!Operations.Contains(operations[i]))
            {
                errors.Add(FieldErrors.NotSupported($"{path}.operations[{i}]", operations[i], Operations));
            }
        }

        ValidateList(rule, "apiGroups", "API groups", path, errors);
        ValidateList(rule, "apiVersions", "API versions", path, errors);
        var versions = Strings(rule["apiVersions"]);
        for (var i = 0; i < versions.Count; i++)
        {
            if (versions[i].Length == 0)
            {
                errors.Add(FieldErrors.Required($"{path}.apiVersions[{i}]"));
            }
        }

        ValidateResources(rule["resources"], path + ".resources", errors);
        var scope = Text(rule["scope"]);
        if (rule["scope"] is not null && !Scopes.Contains(scope))
        {
            errors.Add(FieldErrors.NotSupported(path + ".scope", scope, Scopes));
        }
    }

    private static void ValidateList(JsonObject rule, string field, string description, string path, List<StatusCause> errors)
    {
        var values = Strings(rule[field]);
        if (values.Count == 0)
        {
            errors.Add(FieldErrors.Required($"{path}.{field}"));
        }

        if (values.Count > 1 && values.Contains("*"))
        {
            errors.Add(InvalidSlice($"{path}.{field}", "string", values, $"if '*' is present, must not specify other {description}"));
        }
    }

    private static void ValidateResources(JsonNode? node, string path, List<StatusCause> errors)
    {
        var resources = Strings(node);
        if (resources.Count == 0)
        {
            errors.Add(FieldErrors.Required(path));
        }

        var wildcardSubresources = new HashSet<string>(StringComparer.Ordinal);
        var wildcardResources = new HashSet<string>(StringComparer.Ordinal);
        var hasDoubleWildcard = false;
        var hasSingleWildcard = false;
        var hasPlainResource = false;
        for (var i = 0; i < resources.Count; i++)
        {
            var entry = resources[i];
            if (entry.Length == 0)
            {
                errors.Add(FieldErrors.Required($"{path}[{i}]"));
                continue;
            }

            hasDoubleWildcard |= entry == "*/*";
            hasSingleWildcard |= entry == "*";
            var slash = entry.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0)
            {
                // As upstream: only the last resource without a subresource decides.
                hasPlainResource = entry != "*";
                continue;
            }

            var (resource, subresource) = (entry[..slash], entry[(slash + 1)..]);
            if (wildcardSubresources.Contains(resource))
            {
                errors.Add(FieldErrors.Invalid($"{path}[{i}]", entry, $"if '{resource}/*' is present, must not specify {entry}"));
            }

            if (wildcardResources.Contains(subresource))
            {
                errors.Add(FieldErrors.Invalid($"{path}[{i}]", entry, $"if '*/{subresource}' is present, must not specify {entry}"));
            }

            if (subresource == "*")
            {
                wildcardSubresources.Add(resource);
            }

            if (resource == "*")
            {
                wildcardResources.Add(subresource);
            }
        }

        if (resources.Count > 1 && hasDoubleWildcard)
        {
            errors.Add(InvalidSlice(path, "string", resources, "if '*/*' is present, must not specify other resources"));
        }

        if (hasSingleWildcard && hasPlainResource)
        {
            errors.Add(InvalidSlice(path, "string", resources, "if '*' is present, must not specify other resources without subresources"));
        }
    }

    // The expressions of the stored policy: kept unchanged, they are checked against the stored environment.
    private static HashSet<string> StoredExpressions(JsonObject? oldSpec)
    {
        var stored = new HashSet<string>(StringComparer.Ordinal);
        if (oldSpec is null)
        {
            return stored;
        }

        foreach (var list in new[] { "matchConditions", "validations", "variables" })
        {
            foreach (var item in (oldSpec[list] as JsonArray ?? []).OfType<JsonObject>())
            {
                stored.Add(Text(item["expression"]));
                stored.Add(Text(item["messageExpression"]));
            }
        }

        return stored;
    }

    // field.Invalid of a typed Go slice prints it with %#v: []admissionregistration.OperationType{"*", "CREATE"}.
    private static StatusCause InvalidSlice(string field, string elementType, IEnumerable<string> values, string detail) =>
        new(field, FieldErrorReasons.Invalid, $"Invalid value: []{elementType}{{{string.Join(", ", values.Select(JsonPath.GoText.Quote))}}}: {detail}");

    internal static List<string> Strings(JsonNode? node) => (node as JsonArray ?? []).Select(Text).ToList();

    internal static string Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : string.Empty;
}
