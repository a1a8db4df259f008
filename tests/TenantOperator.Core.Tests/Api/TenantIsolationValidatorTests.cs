using System.Text.Json.Nodes;
using TenantOperator.Api.Validation;

namespace TenantOperator.Core.Tests.Api;

public class TenantIsolationValidatorTests
{
    private static List<string> Errors(string yaml) =>
        TenantIsolationValidator.Validate(Yaml.Tenant(yaml)).Select(e => e.ToString()).ToList();

    private static List<string> DocumentErrors(string json) =>
        TenantIsolationValidator.ValidateDocument(JsonNode.Parse(json)!.AsObject(), out _).Select(e => e.ToString()).ToList();

    private const string Header = """
        apiVersion: isolation.tenantoperator.io/v1alpha1
        kind: TenantIsolation
        metadata:
          name: team-a
        """;

    [Fact]
    public void ValidTenant_HasNoErrors()
    {
        Assert.Empty(Errors(Header + """

            spec:
              namespaceSelector: {matchLabels: {tenant: team-a}}
              namespaces: [team-a-legacy]
              mode: DryRun
              dns: {namespace: kube-system, cidrs: [169.254.20.10/32, "fd00::10/128"]}
              ingress:
              - name: from-ingress
                podSelector: {matchLabels: {app: web}}
                from: [{namespaces: [ingress-nginx], podSelector: {matchLabels: {app: nginx}}}]
                ports: [{protocol: TCP, port: 8080}, {port: http}]
              egress:
              - name: payments
                to:
                - ipBlock: {cidr: 203.0.113.0/24, except: [203.0.113.128/25]}
                - ipBlock: {cidr: "2001:db8::/32", except: ["2001:db8:1::/48"]}
                - tenant: shared-services
                ports: [{protocol: UDP, port: 30000, endPort: 32767}, {protocol: SCTP, port: 9}]
              exemptNamespaces: [{name: team-a-sandbox, reason: load test}]
            """));
    }

    [Fact]
    public void ExceptOutsideCidr_IsReportedInTheApiServersStyle()
    {
        var errors = Errors(Header + """

            spec:
              namespaces: [a]
              egress:
              - name: one
                to: [{ipBlock: {cidr: 10.0.0.0/16}}]
              - name: two
                to: [{ipBlock: {cidr: 10.0.0.0/16, except: [10.1.0.0/16]}}]
            """);
        Assert.Equal(["spec.egress[1].to[0].ipBlock.except[0]: Invalid value: \"10.1.0.0/16\": must be inside cidr 10.0.0.0/16"], errors);
    }

    [Theory]
    [InlineData("10.0.0.1/16", "must not have host bits set (did you mean 10.0.0.0/16?)")]
    [InlineData("010.0.0.0/8", "must be a CIDR with a dotted-decimal IPv4 address without leading zeros, such as 10.0.0.0/16")]
    [InlineData("10.0.0.0/33", "the prefix length must be a number from 0 to 32")]
    [InlineData("10.0.0.0", "must be a CIDR such as 10.0.0.0/16 or 2001:db8::/32")]
    [InlineData("2001:db8::1/32", "must not have host bits set (did you mean 2001:db8::/32?)")]
    [InlineData("2001:db8::/129", "the prefix length must be a number from 0 to 128")]
    [InlineData("not-a-cidr/8", "must be a CIDR such as 10.0.0.0/16 or 2001:db8::/32")]
    [InlineData("[2001:db8::]/32", "must be a CIDR such as 10.0.0.0/16 or 2001:db8::/32")] // netip.ParsePrefix refuses brackets
    [InlineData("fe80::1%eth0/64", "must be a CIDR such as 10.0.0.0/16 or 2001:db8::/32")] // and zones
    [InlineData("::ffff:10.0.0.0/104", "must not have an IPv4-mapped IPv6 address: write the IPv4 CIDR (10.0.0.0/8)")]
    [InlineData("64:ff9b::010.0.0.0/96", "must be a CIDR such as 10.0.0.0/16 or 2001:db8::/32")] // an embedded IPv4 address with a leading zero
    [InlineData("10.0.0.0/08", "the prefix length must be a number from 0 to 32")]
    public void InvalidCidr_SaysWhy(string cidr, string detail)
    {
        var errors = Errors(Header + $$$"""

            spec:
              namespaces: [a]
              egress: [{name: out, to: [{ipBlock: {cidr: "{{{cidr}}}"}}]}]
            """);
        Assert.Equal([$"spec.egress[0].to[0].ipBlock.cidr: Invalid value: \"{cidr}\": {detail}"], errors);
    }

    [Fact]
    public void ExceptOfTheOtherFamily_IsNotInside()
    {
        var errors = Errors(Header + """

            spec:
              namespaces: [a]
              egress: [{name: out, to: [{ipBlock: {cidr: 10.0.0.0/8, except: ["2001:db8::/32"]}}]}]
            """);
        Assert.Equal(["spec.egress[0].to[0].ipBlock.except[0]: Invalid value: \"2001:db8::/32\": must be inside cidr 10.0.0.0/8"], errors);
    }

    [Fact]
    public void MissingMembership_IsRequired()
    {
        Assert.Equal(
            ["spec.namespaceSelector: Required value: at least one of namespaceSelector or namespaces is required"],
            Errors(Header + "\nspec: {}\n"));
    }

    [Fact]
    public void Ports_NumbersNamesAndRanges()
    {
        var errors = Errors(Header + """

            spec:
              namespaces: [a]
              ingress:
              - name: ports
                ports:
                - {port: 0}
                - {port: 70000}
                - {port: Http_Port}
                - {port: web-server-port-x}
                - {port: "123"}
                - {port: http, endPort: 90}
                - {endPort: 90}
                - {port: 100, endPort: 90}
                - {port: a--b}
            """);
        Assert.Equal(
        [
            "spec.ingress[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive",
            "spec.ingress[0].ports[1].port: Invalid value: 70000: must be between 1 and 65535, inclusive",
            "spec.ingress[0].ports[2].port: Invalid value: \"Http_Port\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
            "spec.ingress[0].ports[3].port: Invalid value: \"web-server-port-x\": must be no more than 15 characters",
            "spec.ingress[0].ports[5].endPort: Forbidden: may not be specified when port is a name",
            "spec.ingress[0].ports[6].port: Required value: must be specified when endPort is",
            "spec.ingress[0].ports[7].endPort: Invalid value: 90: must be greater than or equal to port (100)",
            "spec.ingress[0].ports[8].port: Invalid value: \"a--b\": must not contain consecutive hyphens",
        ], errors);
    }

    [Fact]
    public void Peers_MustNameSomethingAndCombineLegally()
    {
        var errors = Errors(Header + """

            spec:
              namespaces: [a]
              egress:
              - name: peers
                to:
                - {}
                - {ipBlock: {cidr: 10.0.0.0/8}, podSelector: {}}
                - {tenant: b, namespaces: [c]}
                - {namespaceSelector: {}, tenant: b}
            """);
        Assert.Equal(
        [
            "spec.egress[0].to[0]: Required value: must specify a peer",
            "spec.egress[0].to[1].ipBlock: Forbidden: may not be specified with other peer fields",
            "spec.egress[0].to[2]: Forbidden: at most one of namespaceSelector, tenant and namespaces may be set",
            "spec.egress[0].to[3]: Forbidden: at most one of namespaceSelector, tenant and namespaces may be set",
        ], errors);
    }

    [Fact]
    public void Selectors_AreCheckedAsKubernetesChecksThem()
    {
        var errors = Errors(Header + """

            spec:
              namespaceSelector:
                matchLabels: {"bad key!": x, ok: "-bad-value"}
                matchExpressions:
                - {key: tier, operator: In}
                - {key: tier, operator: Exists, values: [x]}
                - {key: "example.com/", operator: Exists}
                - {key: tier, operator: NotIn, values: ["bad value"]}
            """);
        Assert.Equal(
        [
            "spec.namespaceSelector.matchLabels: Invalid value: \"bad key!\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
            "spec.namespaceSelector.matchLabels: Invalid value: \"-bad-value\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
            "spec.namespaceSelector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
            "spec.namespaceSelector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
            "spec.namespaceSelector.matchExpressions[2].key: Invalid value: \"example.com/\": name part must be non-empty",
            "spec.namespaceSelector.matchExpressions[2].key: Invalid value: \"example.com/\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
            "spec.namespaceSelector.matchExpressions[3].values[0]: Invalid value: \"bad value\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
        ], errors);
    }

    [Fact]
    public void SchemaRules_NamesEnumsUniquenessAndRequired()
    {
        var errors = Errors(Header + """

            spec:
              namespaces: [a, Bad_Namespace, a]
              mode: Audit
              ingress:
              - {name: web}
              - {name: web}
              - {name: Not_A_Label}
              exemptNamespaces: [{name: x, reason: ""}]
            """);
        Assert.Equal(
        [
            "spec.namespaces[1]: Invalid value: \"Bad_Namespace\": spec.namespaces[1] in body should match '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$'",
            "spec.namespaces[2]: Duplicate value: \"a\"",
            "spec.mode: Unsupported value: \"Audit\": supported values: \"Enforce\", \"DryRun\"",
            "spec.ingress[1]: Duplicate value: {\"name\":\"web\"}",
            "spec.ingress[2].name: Invalid value: \"Not_A_Label\": spec.ingress[2].name in body should match '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$'",
            "spec.exemptNamespaces[0].reason: Invalid value: \"\": spec.exemptNamespaces[0].reason in body should be at least 1 chars long",
        ], errors);
    }

    [Fact]
    public void PodAdmission_IsOpenOrGated()
    {
        Assert.Empty(Errors(Header + "\nspec:\n  namespaces: [a]\n  podAdmission: Gated\n"));
        Assert.Equal(
            ["spec.podAdmission: Unsupported value: \"gated\": supported values: \"Open\", \"Gated\""],
            Errors(Header + "\nspec:\n  namespaces: [a]\n  podAdmission: gated\n"));
    }

    [Fact]
    public void ChecksTheCrdLeavesOutOfCel_AreMadeByTheValidator()
    {
        // To stay within Kubernetes' CEL cost budget the CRD checks a string port's length only (an int-or-string is
        // costed as a 3 MiB string, so any regex on it is far too expensive) and no longer that except entries lie
        // inside cidr. The validator, which validate, render and the operator run, checks what CEL no longer does.
        var errors = DocumentErrors("""
            {"apiVersion": "isolation.tenantoperator.io/v1alpha1", "kind": "TenantIsolation", "metadata": {"name": "team-a"},
             "spec": {"namespaces": ["a"], "ingress": [{"name": "r",
               "ports": [{"port": "123"}, {"port": "-web"}, {"port": "Http"}, {"port": "a--b"}, {"port": 123}],
               "from": [{"ipBlock": {"cidr": "10.0.0.0/16", "except": ["10.1.0.0/24"]}}]}]}}
            """);
        Assert.Equal(
        [
            "spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: \"10.1.0.0/24\": must be inside cidr 10.0.0.0/16",
            "spec.ingress[0].ports[0].port: Invalid value: \"123\": must contain at least one letter (a-z) (a quoted number is a port name; write the number without quotes)",
            "spec.ingress[0].ports[1].port: Invalid value: \"-web\": must not begin or end with a hyphen",
            "spec.ingress[0].ports[2].port: Invalid value: \"Http\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
            "spec.ingress[0].ports[3].port: Invalid value: \"a--b\": must not contain consecutive hyphens",
        ], errors);
    }

    [Fact]
    public void NewSchemaBounds_AreCheckedOffline_AsTheServerChecksThem()
    {
        var errors = DocumentErrors("""
            {"apiVersion": "isolation.tenantoperator.io/v1alpha1", "kind": "TenantIsolation", "metadata": {"name": "NAME"},
             "spec": {"namespaceSelector": {"matchLabels": {LABELS}}}}
            """.Replace("NAME", new string('a', 64), StringComparison.Ordinal)
            .Replace("LABELS", string.Join(", ", Enumerable.Range(0, 33).Select(i => $"\"k{i}\": \"v\"")), StringComparison.Ordinal));
        Assert.Equal(
        [
            "metadata.name: Too long: may not be more than 63 bytes",
            "spec.namespaceSelector.matchLabels: Too many: 33: must have at most 32 items",
        ], errors);
    }

    [Fact]
    public void TenantName_MustBeADnsLabel()
    {
        var errors = Errors("""
            apiVersion: isolation.tenantoperator.io/v1alpha1
            kind: TenantIsolation
            metadata: {name: Team.A}
            spec: {namespaces: [a]}
            """);
        // The CRD schema declares metadata.name's pattern and length, so the message is the API server's schema error.
        Assert.Equal(["metadata.name: Invalid value: \"Team.A\": metadata.name in body should match '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$'"], errors);
    }

    [Fact]
    public void RuleNameTooLong_IsTooLong()
    {
        var name = new string('a', 64);
        var errors = Errors(Header + $$$"""

            spec:
              namespaces: [a]
              egress: [{name: {{{name}}}}]
            """);
        Assert.Contains("spec.egress[0].name: Too long: may not be more than 63 bytes", errors);
    }

    [Fact]
    public void Document_UnknownFieldsAndWrongTypes_AreAllReported()
    {
        var errors = DocumentErrors("""
            {"apiVersion": "isolation.tenantoperator.io/v1alpha1", "kind": "TenantIsolation", "metadata": {"name": "a"},
             "spec": {"namespaces": ["a"], "allowIntraTenant": "yes please", "egres": [],
                      "ingress": [{"name": "x", "ports": [{"port": 80, "protocol": "TCP", "endport": 90}]}]}}
            """);
        Assert.Equal(
        [
            "spec.allowIntraTenant: Invalid value: \"string\": spec.allowIntraTenant in body must be of type boolean: \"string\"",
            "unknown field \"spec.egres\"",
            "unknown field \"spec.ingress[0].ports[0].endport\"",
        ], errors);
    }

    [Fact]
    public void Document_MissingSpec_IsRequired()
    {
        var errors = DocumentErrors("""{"apiVersion": "isolation.tenantoperator.io/v1alpha1", "kind": "TenantIsolation", "metadata": {"name": "a"}}""");
        Assert.Contains("spec: Required value", errors);
    }

    [Fact]
    public void Errors_CarryTheApiServersCauseTypes()
    {
        var errors = TenantIsolationValidator.Validate(Yaml.Tenant(Header + "\nspec: {namespaces: [a], mode: X, egress: [{name: e, to: [{}]}]}\n"));
        Assert.Equal(["FieldValueNotSupported", "FieldValueRequired"], errors.Select(e => e.Reason).Order());
    }

    [Fact]
    public void AnEmptyCidr_IsRequired_AsTheApiServerSays()
    {
        var errors = DocumentErrors("""
            {"apiVersion": "isolation.tenantoperator.io/v1alpha1", "kind": "TenantIsolation", "metadata": {"name": "a"},
             "spec": {"namespaces": ["a"], "egress": [{"name": "x", "to": [{"ipBlock": {"cidr": ""}}, {"ipBlock": {}}]}]}}
            """);
        Assert.Equal(["spec.egress[0].to[1].ipBlock.cidr: Required value", "spec.egress[0].to[0].ipBlock.cidr: Required value"], errors); // the schema's first
    }

    [Fact]
    public void AnExceptEqualToItsCidr_IsRefused_AsKubernetesRefusesIt()
    {
        var errors = Errors(Header + """

            spec:
              namespaces: [a]
              egress: [{name: x, to: [{ipBlock: {cidr: "2001:db8::/32", except: ["2001:db8::/32", "2001:db8::/33"]}}]}]
            """);
        Assert.Equal(["spec.egress[0].to[0].ipBlock.except[0]: Invalid value: \"2001:db8::/32\": must be a strict subset of cidr 2001:db8::/32"], errors);
    }

    [Theory]
    [InlineData("\"80\"")]
    [InlineData("\"0080\"")]
    public void APortWrittenAsAStringOfDigits_IsAnInvalidPortName_AsOurCrdSays(string port)
    {
        var errors = DocumentErrors($$$"""
            {"apiVersion": "isolation.tenantoperator.io/v1alpha1", "kind": "TenantIsolation", "metadata": {"name": "a"},
             "spec": {"namespaces": ["a"], "ingress": [{"name": "x", "ports": [{"port": {{{port}}}}]}]}}
            """);
        Assert.Equal([$"spec.ingress[0].ports[0].port: Invalid value: {port}: must contain at least one letter (a-z) (a quoted number is a port name; write the number without quotes)"], errors);
    }

    [Fact]
    public void APortAboveTheInt32Range_IsOutOfRange()
    {
        var errors = DocumentErrors("""
            {"apiVersion": "isolation.tenantoperator.io/v1alpha1", "kind": "TenantIsolation", "metadata": {"name": "a"},
             "spec": {"namespaces": ["a"], "ingress": [{"name": "x", "ports": [{"port": 3000000000}]}]}}
            """);
        Assert.Equal(["spec.ingress[0].ports[0].port: Invalid value: 3000000000: must be between 1 and 65535, inclusive"], errors);
    }

    [Fact]
    public void Metadata_IsCheckedAgainstObjectMeta()
    {
        var errors = DocumentErrors("""
            {"apiVersion": "isolation.tenantoperator.io/v1alpha1", "kind": "TenantIsolation",
             "metadata": {"name": "a", "labels": {"tier": 1}, "annotations": {"a": true}, "finalizers": "x", "nmae": "b", "generation": "1"},
             "spec": {"namespaces": ["a"]}}
            """);
        Assert.Equal(
        [
            "metadata.annotations[a]: Invalid value: \"boolean\": metadata.annotations[a] in body must be of type string: \"boolean\"",
            "metadata.finalizers: Invalid value: \"string\": metadata.finalizers in body must be of type array: \"string\"",
            "metadata.generation: Invalid value: \"string\": metadata.generation in body must be of type integer: \"string\"",
            "metadata.labels[tier]: Invalid value: \"number\": metadata.labels[tier] in body must be of type string: \"number\"",
            "unknown field \"metadata.nmae\"",
        ], errors.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void MetadataValues_AreCheckedAsTheApiServerChecksThem()
    {
        var errors = DocumentErrors("""
            {"apiVersion": "isolation.tenantoperator.io/v1alpha1", "kind": "TenantIsolation",
             "metadata": {"name": "a", "labels": {"tier": "-x"}, "annotations": {"Example.COM/Key": "ok", "bad key": "v"}, "finalizers": ["example.com/ok", "not ok"],
                          "ownerReferences": [{"apiVersion": "v1", "kind": "X", "name": "n", "uid": "u", "controller": true}, {"apiVersion": "v1", "kind": "X", "name": "", "uid": "v", "controller": true}],
                          "creationTimestamp": null, "managedFields": [{"manager": "kubectl", "fieldsV1": {"f:spec": {}}}]},
             "spec": {"namespaces": ["a"]}}
            """);
        Assert.Equal(
        [
            "metadata.annotations: Invalid value: \"bad key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
            "metadata.finalizers[1]: Invalid value: \"not ok\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
            "metadata.labels: Invalid value: \"-x\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
            "metadata.ownerReferences: Invalid value: 2: Only one reference can have Controller set to true",
            "metadata.ownerReferences[1].name: Invalid value: \"\": name must not be empty",
        ], errors.Order(StringComparer.Ordinal));
    }
}
