using System.Text;

namespace TenantOperator.LocalApiServer.Tests.Fuzz;

/// <summary>
/// The seeds the request fuzzer starts from: the inputs issue 12 found mishandled, and the values each
/// parameter, path segment and body field is worst at. The namespace <see cref="Namespace"/> is the one
/// the fuzzed paths live in; <see cref="Sentinel"/> names a configmap the fuzzer watches for changes.
/// </summary>
public static class RequestCorpus
{
    public const string Namespace = "fuzz";
    public const string Sentinel = "sentinel";

    public static readonly string[] Paths =
    [
        "/api/v1/namespaces",
        $"/api/v1/namespaces/{Namespace}",
        $"/api/v1/namespaces/{Namespace}/status",
        $"/api/v1/namespaces/{Namespace}/finalize",
        $"/api/v1/namespaces/{Namespace}/configmaps",
        $"/api/v1/namespaces/{Namespace}/configmaps/cm",
        $"/api/v1/namespaces/{Namespace}/configmaps/%2e%2e",
        $"/api/v1/namespaces/{Namespace}/configmaps/%2E",
        $"/api/v1/namespaces/{Namespace}/configmaps/..",
        $"/api/v1/namespaces/{Namespace}/configmaps/a%2Fb",
        $"/api/v1/namespaces/{Namespace}/configmaps/x%2F..%2F..",
        $"/api/v1/namespaces/{Namespace}/configmaps/a%25b",
        $"/api/v1/namespaces/{Namespace}/configmaps/%zz",
        $"/api/v1/namespaces/{Namespace}/configmaps//cm",
        $"/api/v1/namespaces/{Namespace}/configmaps/cm/status",
        $"/api/v1/namespaces/{Namespace}/pods",
        $"/api/v1/namespaces/{Namespace}/pods/p/status",
        $"/api/v1/namespaces/{Namespace}/events",
        $"/api/v1/namespaces/{Namespace}/serviceaccounts",
        $"/api/v1/watch/namespaces/{Namespace}/configmaps",
        $"/api/v1/watch/namespaces/{Namespace}/configmaps/cm",
        $"/apis/networking.k8s.io/v1/namespaces/{Namespace}/networkpolicies",
        $"/apis/networking.k8s.io/v1/namespaces/{Namespace}/networkpolicies/np",
        $"/apis/events.k8s.io/v1/namespaces/{Namespace}/events",
        "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
        "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/things.fuzz.io",
        $"/apis/fuzz.io/v1/namespaces/{Namespace}/things",
        $"/apis/fuzz.io/v1/namespaces/{Namespace}/things/t",
        $"/apis/fuzz.io/v1/namespaces/{Namespace}/things/t/status",
        "/apis/fuzz.io/v1/things",
        "/apis/rbac.authorization.k8s.io/v1/clusterroles",
        "/apis/coordination.k8s.io/v1/namespaces/fuzz/leases",
        "/api/v1/configmaps",
        "/api",
        "/apis",
        "/apis/networking.k8s.io",
        "/api/v1",
        "/version",
        "/openapi/v3",
        "/openapi/v3/api/v1",
        "/openapi/v2",
        "/healthz",
        "/metrics",
        "/",
        "*",
    ];

    public static readonly string[] Segments =
    [
        "%2e%2e", "%2E%2E", "%2e", ".", "..", "%2F", "a%2Fb", "%2F..%2F..", "%25", "%zz", "%", "%2", "", "%00", "%ff",
        "%c3%28", "%ed%a0%80", "cm", "p", "np", Namespace, "namespaces", "watch", "status", "finalize", "proxy", "..%2f..",
        ";x", "%3F", "%23", "%20", "+", "A", "UPPER", new string('n', 300), "\u00ff", "\\", "~", "..%5c..",
    ];

    public static readonly string[] ParameterNames =
    [
        "resourceVersion", "resourceVersionMatch", "limit", "continue", "timeoutSeconds", "watch", "labelSelector",
        "fieldSelector", "dryRun", "fieldValidation", "fieldManager", "propagationPolicy", "gracePeriodSeconds",
        "orphanDependents", "allowWatchBookmarks", "sendInitialEvents", "includeObject", "force", "pretty", "timeout",
    ];

    public static readonly string[] ParameterValues =
    [
        "", "0", "1", "-1", "2", "abc", "99999999999999999999", "9223372036854775807", "-9223372036854775808", "1.5",
        "1e400", "%zz", "%00", "%ff", "true", "false", "FALSE", "yes", "All", "Some", "Strict", "Warn", "Ignore", "Loose",
        "Exact", "NotOlderThan", "Background", "Foreground", "Orphan", "Sideways", "None", "Metadata", "Object",
        "x%3Dy", "%21x", "a%20in%20(b", "a%20notin%20()", "metadata.name%3Dcm", "metadata.name%3D%3Dcm", "spec.x%3D1",
        "status.phase%21%3DRunning", "a%2Cb%2C%2Cc", "%5C", new string('v', 2000), "%07bell", "eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6MSwic3RhcnQiOiIifQ",
    ];

    public static readonly string[] Methods = ["GET", "GET", "GET", "POST", "POST", "PUT", "PATCH", "PATCH", "DELETE", "DELETE", "HEAD", "OPTIONS", "FOO"];

    public static readonly string?[] ContentTypes =
    [
        "application/json", "application/json", "application/merge-patch+json", "application/json-patch+json",
        "application/strategic-merge-patch+json", "application/apply-patch+yaml", "application/vnd.kubernetes.protobuf",
        "application/yaml", "text/plain", "a/b;c=d", "application/json; charset=latin1", null,
    ];

    public static readonly string[] Headers =
    [
        "Accept: application/json;as=Table;v=v1;g=meta.k8s.io",
        "Accept: application/json;as=Table;v=v1;g=meta.k8s.io, application/json",
        "Accept: application/vnd.kubernetes.protobuf",
        "Accept: */*",
        "Accept: ;;;,,",
        "Accept: application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io",
        "X-Extra: " + new string('h', 4000),
        "Transfer-Encoding: identity",
    ];

    /// <summary>Bodies that are each worth sending as they are.</summary>
    public static readonly string[] Bodies =
    [
        """{"metadata":{"name":"cm"},"data":{"a":"b"}}""",
        """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm2","labels":{"app":"x"}},"data":{"k":"v"},"binaryData":{"b":"AAEC"}}""",
        """{"metadata":{"name":"ns2"}}""",
        """{"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"i"}]}}""",
        """{"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","metadata":{"name":"np"},"spec":{"podSelector":{},"policyTypes":["Ingress"],"ingress":[{"ports":[{"port":80}]}]}}""",
        """{"metadata":{"name":"d","name":"e"},"data":{"a":"1","a":"2"}}""",
        """{"metadata":{"name":"huge"},"x":1e400}""",
        """{"metadata":{"name":"n"},"x":[1.0,1e2,-0,1e-400,12345678901234567890]}""",
        """{"metadata":{"name":"cm"},"data":{"a":1}}""",
        """{"metadata":{"name":123}}""",
        """{"metadata":{"name":"s","labels":{"a":"\ud800"}}}""",
        """{"propagationPolicy":5}""",
        """{"propagationPolicy":"Sideways","orphanDependents":true}""",
        """{"kind":"DeleteOptions","apiVersion":"v1","gracePeriodSeconds":0,"preconditions":{"uid":"u","resourceVersion":"1"},"dryRun":["All"]}""",
        """{"dryRun":"All","gracePeriodSeconds":1.5}""",
        """{"metadata":{"labels":{"fuzzed":"yes"}}}""",
        """{"data":{"a":null}}""",
        """[{"op":"add","path":"/data/x","value":"y"}]""",
        """[{"op":"test","path":"/metadata/name","value":"nope"}]""",
        """[{"op":"remove","path":"/metadata"}]""",
        """[{"op":"move","from":"/data","path":"/data/x"}]""",
        """[{"op":"copy","from":"/metadata","path":"/metadata/labels/x"}]""",
        """{"metadata":{"finalizers":["a/b"]},"$patch":"replace"}""",
        """{"$setElementOrder/containers":[{"name":"c"}],"$retainKeys":["x"]}""",
        """{"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"things.fuzz.io"},"spec":{"group":"fuzz.io","names":{"plural":"things","kind":"Thing"},"scope":"Namespaced","versions":[{"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}]}}""",
        """{"apiVersion":"fuzz.io/v1","kind":"Thing","metadata":{"name":"t2"},"spec":{"replicas":3,"name":"a"},"status":{"ready":true}}""",
        """{"apiVersion":"fuzz.io/v1","kind":"Thing","metadata":{"name":"t","resourceVersion":"1"},"spec":{"replicas":"3","x":{"y":[1,2]}}}""",
        """{"spec":{"replicas":-1,"name":"UPPER"},"status":{"ready":"yes"}}""",
        "", "null", "[]", "\"text\"", "42", "{", "{}", "{\"a\":1,}", "{/*c*/}", "apiVersion: v1\nkind: ConfigMap\n",
    ];

    /// <summary>The custom resource definition the fuzzed server serves (a schema with types, a pattern, bounds and a rule).</summary>
    public const string ThingDefinition = """
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"things.fuzz.io"},
         "spec":{"group":"fuzz.io","names":{"plural":"things","singular":"thing","kind":"Thing"},"scope":"Namespaced",
          "versions":[{"name":"v1","served":true,"storage":true,"subresources":{"status":{}},
           "schema":{"openAPIV3Schema":{"type":"object","properties":{
             "spec":{"type":"object","x-kubernetes-validations":[{"rule":"!has(self.replicas) || self.replicas <= 10"}],
              "properties":{"replicas":{"type":"integer","minimum":0},"name":{"type":"string","pattern":"^[a-z]+$"},
               "x":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}},
             "status":{"type":"object","properties":{"ready":{"type":"boolean"}}}}}}}]}}
        """;

    /// <summary>Values that replace a JSON value in a body.</summary>
    public static readonly string[] JsonValues =
    [
        "1e400", "-1e400", "1e-400", "12345678901234567890", "\"\\ud800\"", "\"\\udc00\\ud800\"", "null", "[]", "{}", "true",
        "\"" + new string('s', 5000) + "\"", Nested(70), Nested(64), "0.1", "-0", "\"\"", "\"a\\u0000b\"",
    ];

    /// <summary>Byte sequences spliced into a body.</summary>
    public static readonly byte[][] Splices =
    [
        [0xFF], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x00], "\\u"u8.ToArray(), "\"a\":1,"u8.ToArray(),
        "}}}}"u8.ToArray(), "[[[["u8.ToArray(), Encoding.UTF8.GetBytes("\"dup\":1,\"dup\":2,"),
    ];

    /// <summary>A protobuf body: the Kubernetes envelope, then bytes that may or may not be a message.</summary>
    public static readonly byte[][] Protobufs =
    [
        [0x6b, 0x38, 0x73, 0x00, 0x12, 0x7f, 0x0a],
        [0x6b, 0x38, 0x73, 0x00, 0x0a, 0x0e, 0x0a, 0x02, 0x76, 0x31, 0x12, 0x08, 0x4e, 0x61, 0x6d, 0x65, 0x73, 0x70, 0x61, 0x63, 0x65, 0x12, 0x03, 0x0a, 0x01, 0x0a],
        [0x6b, 0x38, 0x73, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01],
        [0x6b, 0x38, 0x73],
    ];

    public static string Nested(int depth) => string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
}
