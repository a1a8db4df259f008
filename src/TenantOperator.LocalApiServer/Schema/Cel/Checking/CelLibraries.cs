using TenantOperator.LocalApiServer.Schema.Cel.Syntax;
using TenantOperator.LocalApiServer.Schema.Cel.Types;

namespace TenantOperator.LocalApiServer.Schema.Cel.Checking;

/// <summary>
/// A set of functions kube-apiserver adds to the CEL environment of CRD rules from one release on (and, for the
/// first strings library, until one release): k8s.io/apiserver/pkg/cel/environment/base.go, v0.32.
/// </summary>
/// <param name="Name">The library, as base.go names it.</param>
/// <param name="Introduced">The first release whose environment has it.</param>
/// <param name="Removed">The first release whose environment no longer has it, if any.</param>
/// <param name="Functions">Its declarations, with cel-go's and Kubernetes' overload ids.</param>
/// <param name="OptionalSyntax">It enables the optional syntax (<c>.?</c>, <c>[?</c>) and macros.</param>
/// <param name="OnForNewExpressionsFrom">
/// For a library behind a feature gate: the first kube-apiserver release where the gate is on by default, which then
/// allows it in new expressions whatever the compatibility version (base.go honours FeatureEnabled there).
/// </param>
internal sealed record CelLibrary(
    string Name,
    KubernetesVersion Introduced,
    KubernetesVersion? Removed,
    IReadOnlyList<CelFunction> Functions,
    bool OptionalSyntax = false,
    KubernetesVersion? OnForNewExpressionsFrom = null);

/// <summary>The declarations of cel-go's standard library and the libraries Kubernetes adds, by release.</summary>
internal static class CelLibraries
{
    private static readonly CelType Dyn = CelType.Dyn;
    private static readonly CelType Bool = CelType.Bool;
    private static readonly CelType Int = CelType.Int;
    private static readonly CelType Uint = CelType.Uint;
    private static readonly CelType Double = CelType.Double;
    private static readonly CelType String = CelType.String;
    private static readonly CelType Bytes = CelType.Bytes;
    private static readonly CelType Duration = CelType.Duration;
    private static readonly CelType Timestamp = CelType.Timestamp;
    private static readonly CelType IP = CelType.IP;
    private static readonly CelType Cidr = CelType.Cidr;
    private static readonly CelType Url = CelType.Url;
    private static readonly CelType A = Param("A");
    private static readonly CelType B = Param("B");
    private static readonly CelType Authorizer = Opaque("kubernetes.authorization.Authorizer");
    private static readonly CelType PathCheck = Opaque("kubernetes.authorization.PathCheck");
    private static readonly CelType GroupCheck = Opaque("kubernetes.authorization.GroupCheck");
    private static readonly CelType ResourceCheck = Opaque("kubernetes.authorization.ResourceCheck");
    private static readonly CelType Decision = Opaque("kubernetes.authorization.Decision");

    private static readonly KubernetesVersion Always = new(1, 0);

    private static readonly (string Name, CelType Type)[] Comparable =
        [("int", Int), ("uint", Uint), ("double", Double), ("bool", Bool), ("duration", Duration), ("timestamp", Timestamp), ("string", String), ("bytes", Bytes)];

    public static readonly IReadOnlyList<CelLibrary> All =
    [
        new("cel standard library", Always, null, Standard()),
        new("library.URLs", Always, null, Urls()),
        new("library.Regex", Always, null, Regex()),
        new("library.Lists", Always, null, Lists()),
        new("ext.Strings(version 0)", Always, new KubernetesVersion(1, 29), Strings(version: 0)),
        new("library.Authz", new(1, 27), null, Authz()),
        new("cel.OptionalTypes", new(1, 28), null, Optionals(), OptionalSyntax: true),
        new("library.Quantity", new(1, 28), null, Quantity()),
        new("ext.Strings(version 2)", new(1, 29), null, Strings(version: 2)),
        new("ext.Sets", new(1, 29), null, Sets()),
        new("library.IP", new(1, 30), null, IPs()),
        new("library.CIDR", new(1, 30), null, Cidrs()),
        new("library.Format", new(1, 31), null, Formats()),
        new("library.AuthzSelectors", new(1, 31), null, AuthzSelectors(), OnForNewExpressionsFrom: new(1, 32)),
    ];

    private static CelType List(CelType element) => CelType.List(element);

    private static CelType Map(CelType key, CelType value) => CelType.Map(key, value);

    private static CelType TypeOf(CelType type) => CelType.TypeOf(type);

    private static CelType Opaque(string name) => CelType.Opaque(name);

    private static CelType Optional(CelType value) => CelType.Optional(value);

    private static CelType Param(string name) => CelType.Param(name);

    private static CelFunction F(string name, params CelOverload[] overloads) => new(name, overloads);

    private static CelOverload G(string id, CelType result, params CelType[] parameters) => new(id, false, parameters, result);

    private static CelOverload M(string id, CelType result, params CelType[] parameters) => new(id, true, parameters, result);

    // cel-go common/stdlib/standard.go (v0.22).
    private static List<CelFunction> Standard()
    {
        var functions = new List<CelFunction>
        {
            F(CelOperators.Conditional, G("conditional", A, Bool, A, A)),
            F(CelOperators.LogicalAnd, G("logical_and", Bool, Bool, Bool)),
            F(CelOperators.LogicalOr, G("logical_or", Bool, Bool, Bool)),
            F(CelOperators.LogicalNot, G("logical_not", Bool, Bool)),
            F(CelOperators.NotStrictlyFalse, G("not_strictly_false", Bool, Bool)),
            F(CelOperators.Equal, G("equals", Bool, A, A)),
            F(CelOperators.NotEquals, G("not_equals", Bool, A, A)),
            F(CelOperators.Add,
                G("add_bytes", Bytes, Bytes, Bytes), G("add_double", Double, Double, Double),
                G("add_duration_duration", Duration, Duration, Duration), G("add_duration_timestamp", Timestamp, Duration, Timestamp),
                G("add_timestamp_duration", Timestamp, Timestamp, Duration), G("add_int64", Int, Int, Int),
                G("add_list", List(A), List(A), List(A)), G("add_string", String, String, String), G("add_uint64", Uint, Uint, Uint)),
            F(CelOperators.Divide, G("divide_double", Double, Double, Double), G("divide_int64", Int, Int, Int), G("divide_uint64", Uint, Uint, Uint)),
            F(CelOperators.Modulo, G("modulo_int64", Int, Int, Int), G("modulo_uint64", Uint, Uint, Uint)),
            F(CelOperators.Multiply, G("multiply_double", Double, Double, Double), G("multiply_int64", Int, Int, Int), G("multiply_uint64", Uint, Uint, Uint)),
            F(CelOperators.Negate, G("negate_double", Double, Double), G("negate_int64", Int, Int)),
            F(CelOperators.Subtract,
                G("subtract_double", Double, Double, Double), G("subtract_duration_duration", Duration, Duration, Duration),
                G("subtract_int64", Int, Int, Int), G("subtract_timestamp_duration", Timestamp, Timestamp, Duration),
                G("subtract_timestamp_timestamp", Duration, Timestamp, Timestamp), G("subtract_uint64", Uint, Uint, Uint)),
            Relation(CelOperators.Less, "less"),
            Relation(CelOperators.LessEquals, "less_equals"),
            Relation(CelOperators.Greater, "greater"),
            Relation(CelOperators.GreaterEquals, "greater_equals"),
            F(CelOperators.Index, G("index_list", A, List(A), Int), G("index_map", B, Map(A, B), A)),
            F(CelOperators.In, G("in_list", Bool, A, List(A)), G("in_map", Bool, A, Map(A, B))),
            F("size",
                G("size_bytes", Int, Bytes), M("bytes_size", Int, Bytes), G("size_list", Int, List(A)), M("list_size", Int, List(A)),
                G("size_map", Int, Map(A, B)), M("map_size", Int, Map(A, B)), G("size_string", Int, String), M("string_size", Int, String)),
            F("type", G("type", TypeOf(A), A)),
            F("bool", G("bool_to_bool", Bool, Bool), G("string_to_bool", Bool, String)),
            F("bytes", G("bytes_to_bytes", Bytes, Bytes), G("string_to_bytes", Bytes, String)),
            F("double", G("double_to_double", Double, Double), G("int64_to_double", Double, Int), G("string_to_double", Double, String), G("uint64_to_double", Double, Uint)),
            F("duration", G("duration_to_duration", Duration, Duration), G("int64_to_duration", Duration, Int), G("string_to_duration", Duration, String)),
            F("dyn", G("to_dyn", Dyn, A)),
            F("int",
                G("int64_to_int64", Int, Int), G("double_to_int64", Int, Double), G("duration_to_int64", Int, Duration),
                G("string_to_int64", Int, String), G("timestamp_to_int64", Int, Timestamp), G("uint64_to_int64", Int, Uint)),
            F("string",
                G("string_to_string", String, String), G("bool_to_string", String, Bool), G("bytes_to_string", String, Bytes),
                G("double_to_string", String, Double), G("duration_to_string", String, Duration), G("int64_to_string", String, Int),
                G("timestamp_to_string", String, Timestamp), G("uint64_to_string", String, Uint)),
            F("timestamp", G("timestamp_to_timestamp", Timestamp, Timestamp), G("int64_to_timestamp", Timestamp, Int), G("string_to_timestamp", Timestamp, String)),
            F("uint", G("uint64_to_uint64", Uint, Uint), G("double_to_uint64", Uint, Double), G("int64_to_uint64", Uint, Int), G("string_to_uint64", Uint, String)),
            F("contains", M("contains_string", Bool, String, String)),
            F("endsWith", M("ends_with_string", Bool, String, String)),
            F("startsWith", M("starts_with_string", Bool, String, String)),
            F("matches", G("matches", Bool, String, String), M("matches_string", Bool, String, String)),
        };
        foreach (var (name, id) in new[]
        {
            ("getFullYear", "year"), ("getMonth", "month"), ("getDayOfYear", "day_of_year"), ("getDayOfMonth", "day_of_month"),
            ("getDate", "day_of_month_1_based"), ("getDayOfWeek", "day_of_week"),
        })
        {
            functions.Add(F(name, M($"timestamp_to_{id}", Int, Timestamp), M($"timestamp_to_{id}_with_tz", Int, Timestamp, String)));
        }

        foreach (var (name, id) in new[] { ("getHours", "hours"), ("getMinutes", "minutes"), ("getSeconds", "seconds"), ("getMilliseconds", "milliseconds") })
        {
            functions.Add(F(name, M($"timestamp_to_{id}", Int, Timestamp), M($"timestamp_to_{id}_with_tz", Int, Timestamp, String), M($"duration_to_{id}", Int, Duration)));
        }

        return functions;
    }

    private static CelFunction Relation(string op, string prefix)
    {
        var overloads = new List<CelOverload>
        {
            G($"{prefix}_bool", Bool, Bool, Bool), G($"{prefix}_int64", Bool, Int, Int), G($"{prefix}_int64_double", Bool, Int, Double),
            G($"{prefix}_int64_uint64", Bool, Int, Uint), G($"{prefix}_uint64", Bool, Uint, Uint), G($"{prefix}_uint64_double", Bool, Uint, Double),
            G($"{prefix}_uint64_int64", Bool, Uint, Int), G($"{prefix}_double", Bool, Double, Double), G($"{prefix}_double_int64", Bool, Double, Int),
            G($"{prefix}_double_uint64", Bool, Double, Uint), G($"{prefix}_string", Bool, String, String), G($"{prefix}_bytes", Bool, Bytes, Bytes),
            G($"{prefix}_timestamp", Bool, Timestamp, Timestamp), G($"{prefix}_duration", Bool, Duration, Duration),
        };
        return F(op, [.. overloads]);
    }

    // k8s.io/apiserver/pkg/cel/library/urls.go.
    private static List<CelFunction> Urls() =>
    [
        F("url", G("string_to_url", Url, String)),
        F("getScheme", M("url_get_scheme", String, Url)),
        F("getHost", M("url_get_host", String, Url)),
        F("getHostname", M("url_get_hostname", String, Url)),
        F("getPort", M("url_get_port", String, Url)),
        F("getEscapedPath", M("url_get_escaped_path", String, Url)),
        F("getQuery", M("url_get_query", Map(String, List(String)), Url)),
        F("isURL", G("is_url_string", Bool, String)),
    ];

    // library/regex.go.
    private static List<CelFunction> Regex() =>
    [
        F("find", M("string_find_string", String, String, String)),
        F("findAll", M("string_find_all_string", List(String), String, String), M("string_find_all_string_int", List(String), String, String, Int)),
    ];

    // library/lists.go.
    private static List<CelFunction> Lists()
    {
        var summable = Comparable.Where(t => t.Name is "int" or "uint" or "double" or "duration").ToList();
        return
        [
            F("isSorted", [.. Comparable.Select(t => M($"list_{t.Name}_is_sorted_bool", Bool, List(t.Type)))]),
            F("sum", [.. summable.Select(t => M($"list_{t.Name}_sum_{t.Name}", t.Type, List(t.Type)))]),
            F("max", [.. Comparable.Select(t => M($"list_{t.Name}_max_{t.Name}", t.Type, List(t.Type)))]),
            F("min", [.. Comparable.Select(t => M($"list_{t.Name}_min_{t.Name}", t.Type, List(t.Type)))]),
            F("indexOf", M("list_a_index_of_int", Int, List(A), A)),
            F("lastIndexOf", M("list_a_last_index_of_int", Int, List(A), A)),
        ];
    }

    // cel-go ext/strings.go: version 0 until Kubernetes 1.29, version 2 from then on (format and strings.quote came in
    // version 1; reverse only in version 3, which no Kubernetes release up to 1.32 declares).
    private static List<CelFunction> Strings(int version)
    {
        var functions = new List<CelFunction>
        {
            F("charAt", M("string_char_at_int", String, String, Int)),
            F("indexOf", M("string_index_of_string", Int, String, String), M("string_index_of_string_int", Int, String, String, Int)),
            F("lastIndexOf", M("string_last_index_of_string", Int, String, String), M("string_last_index_of_string_int", Int, String, String, Int)),
            F("lowerAscii", M("string_lower_ascii", String, String)),
            F("replace", M("string_replace_string_string", String, String, String, String), M("string_replace_string_string_int", String, String, String, String, Int)),
            F("split", M("string_split_string", List(String), String, String), M("string_split_string_int", List(String), String, String, Int)),
            F("substring", M("string_substring_int", String, String, Int), M("string_substring_int_int", String, String, Int, Int)),
            F("trim", M("string_trim", String, String)),
            F("upperAscii", M("string_upper_ascii", String, String)),
            F("join", M("list_join", String, List(String)), M("list_join_string", String, List(String), String)),
        };
        if (version >= 1)
        {
            functions.Add(F("format", M("string_format", String, String, List(Dyn))));
            functions.Add(F("strings.quote", G("strings_quote", String, String)));
        }

        return functions;
    }

    // library/authz.go: declared in every environment, reachable only from admission policies' authorizer variable.
    private static List<CelFunction> Authz() =>
    [
        F("path", M("authorizer_path", PathCheck, Authorizer, String)),
        F("group", M("authorizer_group", GroupCheck, Authorizer, String)),
        F("serviceAccount", M("authorizer_serviceaccount", Authorizer, Authorizer, String, String)),
        F("resource", M("groupcheck_resource", ResourceCheck, GroupCheck, String)),
        F("subresource", M("resourcecheck_subresource", ResourceCheck, ResourceCheck, String)),
        F("namespace", M("resourcecheck_namespace", ResourceCheck, ResourceCheck, String)),
        F("name", M("resourcecheck_name", ResourceCheck, ResourceCheck, String)),
        F("check", M("pathcheck_check", Decision, PathCheck, String), M("resourcecheck_check", Decision, ResourceCheck, String)),
        F("errored", M("decision_errored", Bool, Decision)),
        F("error", M("decision_error", String, Decision)),
        F("allowed", M("decision_allowed", Bool, Decision)),
        F("reason", M("decision_reason", String, Decision)),
    ];

    private static List<CelFunction> AuthzSelectors() =>
    [
        F("fieldSelector", M("authorizer_fieldselector", ResourceCheck, ResourceCheck, String)),
        F("labelSelector", M("authorizer_labelselector", ResourceCheck, ResourceCheck, String)),
    ];

    // cel-go cel/library.go optionalLib (v0.22, latest version).
    private static List<CelFunction> Optionals()
    {
        var v = Param("V");
        var k = Param("K");
        return
        [
            F("optional.of", G("optional_of", Optional(v), v)),
            F("optional.ofNonZeroValue", G("optional_ofNonZeroValue", Optional(v), v)),
            F("optional.none", G("optional_none", Optional(v))),
            F("value", M("optional_value", v, Optional(v))),
            F("hasValue", M("optional_hasValue", Bool, Optional(v))),
            F("or", M("optional_or_optional", Optional(v), Optional(v), Optional(v))),
            F("orValue", M("optional_orValue_value", v, Optional(v), v)),
            F(CelOperators.OptionalSelect, G("select_optional_field", Optional(v), Dyn, String)),
            F(CelOperators.OptionalIndex,
                G("list_optindex_optional_int", Optional(v), List(v), Int), G("optional_list_optindex_optional_int", Optional(v), Optional(List(v)), Int),
                G("map_optindex_optional_value", Optional(v), Map(k, v), k), G("optional_map_optindex_optional_value", Optional(v), Optional(Map(k, v)), k)),
            F(CelOperators.Index, G("optional_list_index_int", Optional(v), Optional(List(v)), Int), G("optional_map_index_value", Optional(v), Optional(Map(k, v)), k)),
        ];
    }

    // library/quantity.go.
    private static List<CelFunction> Quantity() =>
    [
        F("quantity", G("string_to_quantity", CelType.Quantity, String)),
        F("isQuantity", G("is_quantity_string", Bool, String)),
        F("sign", G("quantity_sign", Int, CelType.Quantity)),
        F("isGreaterThan", M("quantity_is_greater_than", Bool, CelType.Quantity, CelType.Quantity)),
        F("isLessThan", M("quantity_is_less_than", Bool, CelType.Quantity, CelType.Quantity)),
        F("compareTo", M("quantity_compare_to", Int, CelType.Quantity, CelType.Quantity)),
        F("asApproximateFloat", M("quantity_get_float", Double, CelType.Quantity)),
        F("asInteger", M("quantity_get_int", Int, CelType.Quantity)),
        F("isInteger", M("quantity_is_integer", Bool, CelType.Quantity)),
        F("add", M("quantity_add", CelType.Quantity, CelType.Quantity, CelType.Quantity), M("quantity_add_int", CelType.Quantity, CelType.Quantity, Int)),
        F("sub", M("quantity_sub", CelType.Quantity, CelType.Quantity, CelType.Quantity), M("quantity_sub_int", CelType.Quantity, CelType.Quantity, Int)),
    ];

    // cel-go ext/sets.go.
    private static List<CelFunction> Sets() =>
    [
        F("sets.contains", G("list_sets_contains_list", Bool, List(A), List(A))),
        F("sets.equivalent", G("list_sets_equivalent_list", Bool, List(A), List(A))),
        F("sets.intersects", G("list_sets_intersects_list", Bool, List(A), List(A))),
    ];

    // library/ip.go.
    private static List<CelFunction> IPs() =>
    [
        F("ip", G("string_to_ip", IP, String)),
        F("family", M("ip_family", Int, IP)),
        F("ip.isCanonical", G("ip_is_canonical", Bool, String)),
        F("isUnspecified", M("ip_is_unspecified", Bool, IP)),
        F("isLoopback", M("ip_is_loopback", Bool, IP)),
        F("isLinkLocalMulticast", M("ip_is_link_local_multicast", Bool, IP)),
        F("isLinkLocalUnicast", M("ip_is_link_local_unicast", Bool, IP)),
        F("isGlobalUnicast", M("ip_is_global_unicast", Bool, IP)),
        F("isIP", G("is_ip", Bool, String)),
        F("string", G("ip_to_string", String, IP)),
    ];

    // library/cidr.go.
    private static List<CelFunction> Cidrs() =>
    [
        F("cidr", G("string_to_cidr", Cidr, String)),
        F("containsIP", M("cidr_contains_ip_string", Bool, Cidr, String), M("cidr_contains_ip_ip", Bool, Cidr, IP)),
        F("containsCIDR", M("cidr_contains_cidr_string", Bool, Cidr, String), M("cidr_contains_cidr", Bool, Cidr, Cidr)),
        F("ip", M("cidr_ip", IP, Cidr)),
        F("prefixLength", M("cidr_prefix_length", Int, Cidr)),
        F("masked", M("cidr_masked", Cidr, Cidr)),
        F("isCIDR", G("is_cidr", Bool, String)),
        F("string", G("cidr_to_string", String, Cidr)),
    ];

    // library/format.go: format.<name>() for each named format, <format>.validate(string) and format.named(string).
    private static List<CelFunction> Formats()
    {
        string[] names =
        [
            "dns1123Label", "dns1123Subdomain", "dns1035Label", "qualifiedName", "dns1123LabelPrefix", "dns1123SubdomainPrefix",
            "dns1035LabelPrefix", "labelValue", "uri", "uuid", "byte", "date", "datetime",
        ];
        var functions = names.Select(n => F("format." + n, G("format." + n, CelType.Format))).ToList();
        functions.Add(F("validate", M("format-validate", Optional(List(String)), CelType.Format, String)));
        functions.Add(F("format.named", G("format-named", Optional(CelType.Format), String)));
        return functions;
    }
}
