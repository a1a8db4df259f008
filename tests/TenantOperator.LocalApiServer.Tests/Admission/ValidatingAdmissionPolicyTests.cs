using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Tests.Support;
using static TenantOperator.LocalApiServer.Tests.Admission.PolicyManifests;

namespace TenantOperator.LocalApiServer.Tests.Admission;

/// <summary>
/// ValidatingAdmissionPolicy at admission over HTTP: Deny with kube-apiserver's status (code from the reason, the
/// message, the cause), Warn as a Warning header, Audit as the audit annotation, messages from messageExpression /
/// message / the expression, match conditions, variables, params, selectors, operations, request.userInfo and
/// namespaceObject, evaluation errors under both failure policies, and the per-call cost limit. Expected texts are
/// written out from kube-apiserver's formats (plugin/policy/validating, v1.32).
/// </summary>
public sealed class ValidatingAdmissionPolicyTests : IAsyncLifetime
{
    private const string NoForbiddenKey = """[{"expression":"!has(object.data) || !('forbidden' in object.data)"}]""";
    private ApiServerHarness _h = null!;

    public async Task InitializeAsync()
    {
        _h = await ApiServerHarness.StartAsync();
        await _h.CreateIfMissingAsync("/api/v1/namespaces", Manifests.Namespace("team-a", """{"team":"a"}"""));
        await _h.CreateIfMissingAsync("/api/v1/namespaces", Manifests.Namespace("team-b", """{"team":"b"}"""));
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private static string ConfigMap(string name, string data = "{}", string labels = "{}") =>
        $$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{name}}","labels":{{labels}}},"data":{{data}}}""";

    private async Task InstallAsync(string policy, string binding)
    {
        await _h.CreateAsync(PoliciesPath, policy);
        await _h.CreateAsync(BindingsPath, binding);
    }

    [Fact]
    public async Task Deny_AnswersInvalidWithThePolicyAndBindingNamed()
    {
        await InstallAsync(Policy("no-forbidden", NoForbiddenKey), Binding("no-forbidden-binding", "no-forbidden"));

        var (code, body, _) = await _h.PostAsync("/api/v1/namespaces/team-a/configmaps", ConfigMap("c", """{"forbidden":"x"}"""));

        Assert.Equal(422, code);
        const string message = "configmaps \"c\" is forbidden: ValidatingAdmissionPolicy 'no-forbidden' with binding 'no-forbidden-binding' denied request: failed expression: !has(object.data) || !('forbidden' in object.data)";
        Assert.Equal(message, (string?)body["message"]);
        Assert.Equal("Invalid", (string?)body["reason"]);
        var details = JsonNode.Parse("""{"name":"c","kind":"configmaps","causes":[{"message":"ValidatingAdmissionPolicy 'no-forbidden' with binding 'no-forbidden-binding' denied request: failed expression: !has(object.data) || !('forbidden' in object.data)"}]}""");
        Assert.True(JsonNode.DeepEquals(details, body["details"]), body.ToJsonString());
        Assert.Equal(201, (await _h.PostAsync("/api/v1/namespaces/team-a/configmaps", ConfigMap("ok", """{"fine":"x"}"""))).Code);
    }

    [Fact]
    public async Task TheReason_ChoosesTheCode_AndMessageExpressionTheMessage()
    {
        await InstallAsync(
            Policy("named", """[{"expression":"object.metadata.name.startsWith('ok-')","reason":"Forbidden","message":"static","messageExpression":"'name ' + object.metadata.name + ' lacks the ok- prefix'"}]"""),
            Binding("named", "named"));

        var (code, body, _) = await _h.PostAsync("/api/v1/namespaces/team-a/configmaps", ConfigMap("bad"));

        Assert.Equal(403, code);
        Assert.Equal("Forbidden", (string?)body["reason"]);
        Assert.Equal("configmaps \"bad\" is forbidden: ValidatingAdmissionPolicy 'named' with binding 'named' denied request: name bad lacks the ok- prefix", (string?)body["message"]);
    }

    [Fact]
    public async Task AnEmptyMessageExpressionResult_FallsBackToTheMessage()
    {
        await InstallAsync(
            Policy("fallback", """[{"expression":"false","reason":"Unauthorized","message":" the static message ","messageExpression":"'  '"}]"""),
            Binding("fallback", "fallback"));

        var (code, body, _) = await _h.PostAsync("/api/v1/namespaces/team-a/configmaps", ConfigMap("c"));

        Assert.Equal(401, code);
        Assert.Equal("configmaps \"c\" is forbidden: ValidatingAdmissionPolicy 'fallback' with binding 'fallback' denied request: the static message", (string?)body["message"]);
    }

    [Fact]
    public async Task Warn_AdmitsWithAWarningHeader()
    {
        await InstallAsync(Policy("warn", """[{"expression":"false","message":"think twice"}]"""), Binding("warn-binding", "warn", "\"Warn\""));

        var (code, _, response) = await _h.PostAsync("/api/v1/namespaces/team-a/configmaps", ConfigMap("c"));

        Assert.Equal(201, code);
        Assert.Equal(["299 - \"Validation failed for ValidatingAdmissionPolicy 'warn' with binding 'warn-binding': think twice\""], response.Headers.GetValues("Warning"));
    }

    [Fact]
    public async Task Audit_AdmitsAndRecordsTheValidationFailureAnnotation()
    {
        await InstallAsync(
            Policy("audited", """[{"expression":"true"},{"expression":"false","message":"noted"}]"""),
            Binding("audited-binding", "audited", "\"Audit\",\"Warn\""));

        Assert.Equal(201, (await _h.PostAsync("/api/v1/namespaces/team-a/configmaps", ConfigMap("c"))).Code);

        var annotation = Assert.Single(_h.Server.PolicyAudit.Annotations);
        Assert.Equal("validation.policy.admission.k8s.io/validation_failure", annotation.Key);
        Assert.Equal("""[{"message":"noted","policy":"audited","binding":"audited-binding","expressionIndex":1,"validationActions":["Audit","Warn"]}]""", annotation.Value);
        Assert.Equal(("CREATE", "team-a", "c"), (annotation.Operation, annotation.Namespace, annotation.Name));
    }

    [Fact]
    public async Task MatchConditions_False_SkipThePolicy_AndVariablesFeedValidations()
    {
        const string spec = ""","matchConditions":[{"name":"labelled","expression":"has(object.metadata.labels) && 'checked' in object.metadata.labels"}],"variables":[{"name":"size","expression":"has(object.data) ? size(object.data) : 0"},{"name":"small","expression":"variables.size <= 1"}]""";
        await InstallAsync(Policy("small", """[{"expression":"variables.small","messageExpression":"'has ' + string(variables.size) + ' keys'"}]""", extraSpec: spec), Binding("small", "small"));
        const string twoKeys = """{"a":"1","b":"2"}""";

        Assert.Equal(201, (await _h.PostAsync("/api/v1/namespaces/team-a/configmaps", ConfigMap("unlabelled", twoKeys))).Code);
        var (code, body, _) = await _h.PostAsync("/api/v1/namespaces/team-a/configmaps", ConfigMap("labelled", twoKeys, """{"checked":"yes"}"""));

        Assert.Equal(422, code);
        Assert.EndsWith("denied request: has 2 keys", (string?)body["message"]);
    }

    [Fact]
    public async Task AnEvaluationError_DeniesUnderFail_AndAdmitsUnderIgnore()
    {
        const string missingKey = """[{"expression":"object.data.missing == 'x'"}]""";
        await InstallAsync(Policy("fails", missingKey), Binding("fails", "fails"));

        var (code, body, _) = await _h.PostAsync("/api/v1/namespaces/team-a/configmaps", ConfigMap("c", """{"present":"y"}"""));

        Assert.Equal(422, code);
        Assert.Equal("configmaps \"c\" is forbidden: ValidatingAdmissionPolicy 'fails' with binding 'fails' denied request: expression 'object.data.missing == 'x'' resulted in error: no such key: missing", (string?)body["message"]);

        var policy = (await _h.GetAsync(PoliciesPath + "/fails")).Body;
        policy["spec"]!["failurePolicy"] = "Ignore";
        Assert.Equal(200, (await _h.PutAsync(PoliciesPath + "/fails", policy.ToJsonString())).Code);
        Assert.Equal(201, (await _h.PostAsync("/api/v1/namespaces/team-a/configmaps", ConfigMap("c", """{"present":"y"}"""))).Code);
    }

    [Fact]
    public async Task Params_ComeFromTheBindingsParamRef_AndAMissingOneFollowsParameterNotFoundAction()
    {
        const string paramKind = ""","paramKind":{"apiVersion":"v1","kind":"ConfigMap"}""";
        var rules = """[{"apiGroups":[""],"apiVersions":["v1"],"resources":["serviceaccounts"],"operations":["CREATE"]}]""";
        await InstallAsync(
            Policy("allowed-names", """[{"expression":"object.metadata.name in params.data.names.split(',')","messageExpression":"object.metadata.name + ' is not in ' + params.data.names"}]""", rules, paramKind),
            Binding("allowed-names", "allowed-names", extraSpec: ""","paramRef":{"name":"allowed","parameterNotFoundAction":"Deny"}"""));
        const string account = """{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"robot"}}""";

        var (missingCode, missing, _) = await _h.PostAsync("/api/v1/namespaces/team-a/serviceaccounts", account);
        Assert.Equal(422, missingCode);
        Assert.Equal("serviceaccounts \"robot\" is forbidden: ValidatingAdmissionPolicy 'allowed-names' with binding 'allowed-names' denied request: failed to configure binding: no params found for policy binding with `Deny` parameterNotFoundAction", (string?)missing["message"]);

        await _h.CreateAsync("/api/v1/namespaces/team-a/configmaps", ConfigMap("allowed", """{"names":"builder,deployer"}"""));
        var (code, body, _) = await _h.PostAsync("/api/v1/namespaces/team-a/serviceaccounts", account);
        Assert.Equal(422, code);
        Assert.EndsWith("denied request: robot is not in builder,deployer", (string?)body["message"]);
        Assert.Equal(201, (await _h.PostAsync("/api/v1/namespaces/team-a/serviceaccounts", """{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"builder"}}""")).Code);
    }

    [Fact]
    public async Task Selectors_Operations_AndExcludedResources_DecideWhatIsEvaluated()
    {
        var match = """{"namespaceSelector":{"matchLabels":{"team":"a"}},"objectSelector":{"matchExpressions":[{"key":"guarded","operator":"Exists"}]},"resourceRules":[{"apiGroups":[""],"apiVersions":["v1"],"resources":["*"],"operations":["DELETE"]}],"excludeResourceRules":[{"apiGroups":[""],"apiVersions":["v1"],"resources":["secrets"],"operations":["*"]}]}""";
        await _h.CreateAsync(PoliciesPath, $$$"""{"apiVersion":"admissionregistration.k8s.io/v1","kind":"ValidatingAdmissionPolicy","metadata":{"name":"keep"},"spec":{"matchConstraints":{{{match}}},"validations":[{"expression":"false","message":"guarded objects stay"}]}}""");
        await _h.CreateAsync(BindingsPath, Binding("keep", "keep"));
        foreach (var ns in new[] { "team-a", "team-b" })
        {
            await _h.CreateAsync($"/api/v1/namespaces/{ns}/configmaps", ConfigMap("guarded", labels: """{"guarded":"yes"}"""));
            await _h.CreateAsync($"/api/v1/namespaces/{ns}/configmaps", ConfigMap("plain"));
            await _h.CreateAsync($"/api/v1/namespaces/{ns}/secrets", """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"guarded","labels":{"guarded":"yes"}}}""");
        }

        var (code, body, _) = await _h.DeleteAsync("/api/v1/namespaces/team-a/configmaps/guarded");
        Assert.Equal(422, code);
        Assert.EndsWith("denied request: guarded objects stay", (string?)body["message"]);
        Assert.Equal(200, (await _h.DeleteAsync("/api/v1/namespaces/team-a/configmaps/plain")).Code);
        Assert.Equal(200, (await _h.DeleteAsync("/api/v1/namespaces/team-a/secrets/guarded")).Code);
        Assert.Equal(200, (await _h.DeleteAsync("/api/v1/namespaces/team-b/configmaps/guarded")).Code);
        Assert.Equal(200, (await _h.PutAsync("/api/v1/namespaces/team-a/configmaps/guarded", ConfigMap("guarded", """{"k":"v"}""", """{"guarded":"yes"}"""))).Code);
    }

    [Fact]
    public async Task RequestUserInfo_AndNamespaceObject_AreVisible()
    {
        await InstallAsync(
            Policy("who", """[{"expression":"request.userInfo.username == 'kubernetes-admin' || namespaceObject.metadata.labels.team == 'b'","messageExpression":"request.userInfo.username + ' may not write in ' + namespaceObject.metadata.name"}]"""),
            Binding("who", "who"));
        var token = await _h.ServiceAccountTokenAsync("team-a", "writer");
        await _h.GrantClusterWideAsync("team-a", "writer", """[{"apiGroups":[""],"resources":["configmaps"],"verbs":["create"]}]""");

        var (code, body) = await _h.PostAsAsync(token, "/api/v1/namespaces/team-a/configmaps", ConfigMap("c"));

        Assert.Equal(422, code);
        Assert.EndsWith("denied request: system:serviceaccount:team-a:writer may not write in team-a", (string?)body["message"]);
        Assert.Equal(201, (await _h.PostAsAsync(token, "/api/v1/namespaces/team-b/configmaps", ConfigMap("c"))).Code);
        Assert.Equal(201, (await _h.PostAsync("/api/v1/namespaces/team-a/configmaps", ConfigMap("c"))).Code);
    }

    [Fact]
    public async Task AnEvaluationOverThePerCallCostLimit_IsCancelled()
    {
        await InstallAsync(
            Policy("quadratic", """[{"expression":"!has(object.data) || object.data.all(a, object.data.all(b, a == b || object.data[a] != object.data[b]))"}]"""),
            Binding("quadratic", "quadratic"));
        var small = new JsonObject();
        var large = new JsonObject();
        for (var i = 0; i < 3000; i++)
        {
            large["k" + i] = "v" + i;
            if (i < 20)
            {
                small["k" + i] = "v" + i;
            }
        }

        var (smallCode, smallBody, _) = await _h.PostAsync("/api/v1/namespaces/team-a/configmaps", ConfigMap("small", small.ToJsonString()));
        Assert.True(smallCode == 201, smallBody.ToJsonString());
        var (code, body, _) = await _h.PostAsync("/api/v1/namespaces/team-a/configmaps", ConfigMap("large", large.ToJsonString()));

        Assert.Equal(422, code);
        Assert.EndsWith("resulted in error: operation cancelled: actual cost limit exceeded", (string?)body["message"]);
    }

    [Fact]
    public async Task AComprehensionOverAMap_RangesOverItsKeys()
    {
        await InstallAsync(
            Policy("keys", """[{"expression":"!has(object.data) || object.data.all(k, k.startsWith('ok-'))","message":"keys must start with ok-"}]"""),
            Binding("keys", "keys"));

        Assert.Equal(201, (await _h.PostAsync("/api/v1/namespaces/team-a/configmaps", ConfigMap("good", """{"ok-a":"x","ok-b":"y"}"""))).Code);
        var (code, body, _) = await _h.PostAsync("/api/v1/namespaces/team-a/configmaps", ConfigMap("bad", """{"ok-a":"x","other":"ok-y"}"""));

        Assert.Equal(422, code);
        Assert.EndsWith("denied request: keys must start with ok-", (string?)body["message"]);
    }

    [Fact]
    public async Task APolicyWithoutABinding_IsNotEnforced()
    {
        await _h.CreateAsync(PoliciesPath, Policy("unbound", """[{"expression":"false"}]"""));

        Assert.Equal(201, (await _h.PostAsync("/api/v1/namespaces/team-a/configmaps", ConfigMap("c"))).Code);
    }
}
