using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using TenantOperator.LocalApiServer.Authorization;
using TenantOperator.LocalApiServer.Http;
using TenantOperator.LocalApiServer.Objects;
using TenantOperator.LocalApiServer.Resources;
using TenantOperator.LocalApiServer.Schema;
using TenantOperator.LocalApiServer.Selectors;
using TenantOperator.LocalApiServer.Storage;

namespace TenantOperator.LocalApiServer.Admission.Policies;

/// <summary>
/// The ValidatingAdmissionPolicy admission plugin (k8s.io/apiserver/pkg/admission/plugin/policy/validating,
/// v1.32): every stored policy whose matchConstraints match the request is evaluated once per binding that names
/// it and matches, and once per param the binding's paramRef selects. A denial acts as the binding's
/// validationActions say: Deny refuses the request (the first denial decides, with kube-apiserver's status: the
/// validation's reason and its code, <c>ValidatingAdmissionPolicy 'p' with binding 'b' denied request: …</c>), Warn
/// adds a <c>Warning</c> header, Audit records kube-apiserver's audit annotation in <see cref="PolicyAuditLog"/>.
/// Configuration errors (a paramKind not served, a missing param with parameterNotFoundAction Deny) follow the
/// policy's failurePolicy. Requests on the admission configuration resources themselves are exempt, as upstream.
/// </summary>
internal sealed class ValidatingAdmissionPolicyPlugin(ObjectStore store, ResourceRegistry registry, PolicyAuditLog audit, ILogger logger) : IWriteAdmission
{
    private const int MaxCachedPolicies = 1024;
    private readonly PolicyMatcher _matcher = new(store, registry);
    private readonly ConcurrentDictionary<(string Uid, long Version), CompiledPolicy> _compiled = new();

    public void Validate(AdmissionRequest request)
    {
        if (request.Resource.Group == AdmissionPolicyKinds.Group)
        {
            return;
        }

        var policies = store.All(AdmissionPolicyKinds.PolicyStorageKey);
        if (policies.Count == 0)
        {
            return;
        }

        var bindings = store.All(AdmissionPolicyKinds.BindingStorageKey)
            .Select(b => b.ToJsonObject())
            .OrderBy(b => ObjectMeta.Name(b), StringComparer.Ordinal)
            .ToLookup(b => AdmissionPolicyKinds.Text(b["spec"]?["policyName"]), StringComparer.Ordinal);
        var denials = new List<(string Policy, string? Binding, PolicyDecision Decision)>();
        foreach (var stored in policies.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            var policy = stored.ToJsonObject();
            var spec = policy["spec"] as JsonObject ?? [];
            var name = stored.Name;
            var failClosed = AdmissionPolicyKinds.Text(spec["failurePolicy"]) != "Ignore";
            if (spec["matchConstraints"] is not JsonObject constraints || !_matcher.Matches(constraints, request, isBinding: false))
            {
                continue;
            }

            var paramResource = ParamResource(spec["paramKind"] as JsonObject, out var paramKindError);
            if (paramKindError is not null)
            {
                if (failClosed)
                {
                    denials.Add((name, null, new PolicyDecision(true, "failed to configure policy: " + paramKindError, null, true, 0)));
                }

                continue;
            }

            var compiled = Compile(stored, spec);
            foreach (var binding in bindings[name])
            {
                var bindingName = ObjectMeta.Name(binding);
                var bindingSpec = binding["spec"] as JsonObject ?? [];
                if (bindingSpec["matchResources"] is JsonObject match && !_matcher.Matches(match, request, isBinding: true))
                {
                    continue;
                }

                var parameters = CollectParams(spec["paramKind"] is JsonObject, paramResource, bindingSpec["paramRef"] as JsonObject, request.Namespace, out var paramError);
                if (paramError is not null)
                {
                    if (failClosed)
                    {
                        denials.Add((name, bindingName, new PolicyDecision(true, "failed to configure binding: " + paramError, null, true, 0)));
                    }

                    continue;
                }

                var actions = AdmissionPolicyKinds.Strings(bindingSpec["validationActions"]);
                var namespaceObject = NamespaceObject(_matcher.NamespaceOf(request));
                foreach (var parameter in parameters)
                {
                    var evaluation = new PolicyEvaluation(
                        request.Operation == AdmissionOperation.Delete ? null : request.Object,
                        request.OldObject, RequestObject(request), parameter, namespaceObject, failClosed);
                    foreach (var decision in evaluation.Run(compiled).Where(d => d.Deny))
                    {
                        Act(request, name, bindingName, bindingSpec, actions, decision, denials);
                    }
                }
            }
        }

        if (denials.Count > 0)
        {
            throw Refusal(request, denials[0]);
        }
    }

    private void Act(AdmissionRequest request, string policy, string binding, JsonObject bindingSpec, List<string> actions, PolicyDecision decision,
        List<(string Policy, string? Binding, PolicyDecision Decision)> denials)
    {
        foreach (var action in actions)
        {
            switch (action)
            {
                case "Deny":
                    denials.Add((policy, binding, decision));
                    break;
                case "Warn":
                    request.Warnings.Add($"Validation failed for ValidatingAdmissionPolicy '{policy}' with binding '{binding}': {decision.Message}");
                    break;
                case "Audit":
                    var value = new JsonArray(new JsonObject
                    {
                        ["message"] = decision.Message,
                        ["policy"] = AdmissionPolicyKinds.Text(bindingSpec["policyName"]),
                        ["binding"] = binding,
                        ["expressionIndex"] = decision.ExpressionIndex,
                        ["validationActions"] = new JsonArray([.. actions.Select(a => (JsonNode?)a)]),
                    });
                    audit.Record(request, PolicyAuditLog.ValidationFailureKey, value.ToJsonString());
                    logger.LogInformation("Audit {Key}={Value} for {Operation} {Resource} {Namespace}/{Name}",
                        PolicyAuditLog.ValidationFailureKey, value.ToJsonString(), request.OperationName, request.Resource.QualifiedResource, request.Namespace, request.Name);
                    break;
            }
        }
    }

    // admission.NewForbidden with the decision's reason and code, and the message as a cause.
    private static ApiException Refusal(AdmissionRequest request, (string Policy, string? Binding, PolicyDecision Decision) denial)
    {
        var message = denial.Binding is null
            ? $"ValidatingAdmissionPolicy '{denial.Policy}' denied request: {denial.Decision.Message}"
            : $"ValidatingAdmissionPolicy '{denial.Policy}' with binding '{denial.Binding}' denied request: {denial.Decision.Message}";
        var reason = denial.Decision.Reason ?? "Invalid";
        var forbidden = ForbiddenErrors.Forbidden(request.Resource.Group, ResourceName(request), request.Name.Length > 0 ? request.Name : "Unknown", message);
        var details = forbidden.Details ?? [];
        details["causes"] = new JsonArray(new JsonObject { ["message"] = message });
        var code = reason switch
        {
            "Unauthorized" => 401,
            "Forbidden" => 403,
            "RequestEntityTooLarge" => 413,
            _ => 422,
        };
        return new ApiException(code, reason, forbidden.Message, details);
    }

    private static string ResourceName(AdmissionRequest request) => request.Resource.Resource;

    private CompiledPolicy Compile(StoredObject stored, JsonObject spec)
    {
        if (_compiled.Count > MaxCachedPolicies)
        {
            _compiled.Clear();
        }

        var environment = CelRuleEnvironment.ForStoredRules(registry.KubernetesVersion);
        return _compiled.GetOrAdd((stored.Uid, stored.ResourceVersion), _ => CompiledPolicy.CompileSpec(spec, _ => environment));
    }

    private ResourceDefinition? ParamResource(JsonObject? paramKind, out string? error)
    {
        error = null;
        if (paramKind is null)
        {
            return null;
        }

        var apiVersion = AdmissionPolicyKinds.Text(paramKind["apiVersion"]);
        var kind = AdmissionPolicyKinds.Text(paramKind["kind"]);
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var (group, version) = slash < 0 ? (string.Empty, apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
        var found = registry.All.FirstOrDefault(d => d.Group == group && d.Version == version && d.Kind == kind);
        if (found is null)
        {
            error = $"failed to find resource referenced by paramKind: '{(group.Length > 0 ? group + "/" : string.Empty)}{version}, Kind={kind}'";
        }

        return found;
    }

    // generic.CollectParams: no paramKind or no paramRef evaluates once without params.
    private List<JsonObject?> CollectParams(bool hasParamKind, ResourceDefinition? resource, JsonObject? paramRef, string requestNamespace, out string? error)
    {
        error = null;
        if (!hasParamKind || paramRef is null || resource is null)
        {
            return [null];
        }

        var ns = string.Empty;
        var refNamespace = AdmissionPolicyKinds.Text(paramRef["namespace"]);
        if (resource.Namespaced)
        {
            ns = refNamespace.Length > 0 ? refNamespace : requestNamespace;
            if (ns.Length == 0)
            {
                error = "cannot use namespaced paramRef in policy binding that matches cluster-scoped resources";
                return [];
            }
        }
        else if (refNamespace.Length > 0)
        {
            error = "paramRef.namespace must not be provided for a cluster-scoped `paramKind`";
            return [];
        }

        var name = AdmissionPolicyKinds.Text(paramRef["name"]);
        List<JsonObject?> found;
        if (name.Length > 0)
        {
            found = store.Get(resource.StorageKey, ns, name) is { } one ? [ObjectService.ToView(resource, one)] : [];
        }
        else
        {
            var selector = paramRef["selector"] as JsonObject ?? [];
            found = [.. store.All(resource.StorageKey, ns)
                .Select(s => ObjectService.ToView(resource, s))
                .Where(o => LabelSelectorObject.Matches(selector, LabelSelectorObject.Labels(o)))];
        }

        if (found.Count == 0 && AdmissionPolicyKinds.Text(paramRef["parameterNotFoundAction"]) == "Deny")
        {
            error = "no params found for policy binding with `Deny` parameterNotFoundAction";
        }

        return found;
    }

    // CreateNamespaceObject: the metadata fields upstream keeps, the spec and the status.
    private static JsonObject? NamespaceObject(JsonObject? ns)
    {
        if (ns is null)
        {
            return null;
        }

        var metadata = new JsonObject();
        foreach (var field in new[] { "name", "generateName", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations", "finalizers" })
        {
            if (ns["metadata"]?[field] is { } value)
            {
                metadata[field] = value.DeepClone();
            }
        }

        return new JsonObject
        {
            ["metadata"] = metadata,
            ["spec"] = ns["spec"]?.DeepClone() ?? new JsonObject(),
            ["status"] = ns["status"]?.DeepClone() ?? new JsonObject(),
        };
    }

    // The AdmissionRequest as CEL sees it: empty optional fields are left out, as its JSON form omits them.
    private static JsonObject RequestObject(AdmissionRequest request)
    {
        var resource = request.Resource;
        JsonObject Kind() => new() { ["group"] = resource.Group, ["version"] = resource.Version, ["kind"] = resource.Kind };
        JsonObject Resource() => new() { ["group"] = resource.Group, ["version"] = resource.Version, ["resource"] = resource.Resource };
        var user = new JsonObject();
        if (request.User.Name.Length > 0)
        {
            user["username"] = request.User.Name;
        }

        if (request.User.Uid.Length > 0)
        {
            user["uid"] = request.User.Uid;
        }

        if (request.User.Groups.Count > 0)
        {
            user["groups"] = new JsonArray([.. request.User.Groups.Select(g => (JsonNode?)g)]);
        }

        if (request.User.Extra.Count > 0)
        {
            user["extra"] = new JsonObject(request.User.Extra.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)new JsonArray([.. e.Value.Select(v => (JsonNode?)v)]))));
        }

        var result = new JsonObject
        {
            ["kind"] = Kind(),
            ["resource"] = Resource(),
            ["requestKind"] = Kind(),
            ["requestResource"] = Resource(),
            ["operation"] = request.OperationName,
            ["userInfo"] = user,
            ["dryRun"] = request.DryRun,
        };
        if (request.Subresource.Length > 0)
        {
            result["subResource"] = request.Subresource;
            result["requestSubResource"] = request.Subresource;
        }

        if (request.Name.Length > 0)
        {
            result["name"] = request.Name;
        }

        var ns = resource is { Group: "", Resource: "namespaces" } && request.Operation != AdmissionOperation.Create ? request.Name : request.Namespace;
        if (ns.Length > 0)
        {
            result["namespace"] = ns;
        }

        return result;
    }
}
