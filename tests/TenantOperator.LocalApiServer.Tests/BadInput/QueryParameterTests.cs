using TenantOperator.LocalApiServer.Tests.Support;

namespace TenantOperator.LocalApiServer.Tests.BadInput;

/// <summary>
/// Every query parameter the server reads, at its worst: values that do not convert are a 400 with Go's
/// conversion error, options that convert but are not allowed a 422 on the options kind, as kube-apiserver
/// answers them.
/// </summary>
public sealed class QueryParameterTests : IAsyncLifetime
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";
    private ApiServerHarness _h = null!;

    public async Task InitializeAsync()
    {
        _h = await ApiServerHarness.StartAsync();
        await _h.PostAsync(ConfigMaps, """{"metadata":{"name":"a"}}""");
        await _h.PostAsync(ConfigMaps, """{"metadata":{"name":"b"}}""");
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Theory]
    [InlineData(ConfigMaps + "?resourceVersion=abc", "invalid resource version: resourceVersion: Invalid value: \"abc\": strconv.ParseUint: parsing \"abc\": invalid syntax")]
    [InlineData(ConfigMaps + "?resourceVersion=-1", "invalid resource version: resourceVersion: Invalid value: \"-1\": strconv.ParseUint: parsing \"-1\": invalid syntax")]
    [InlineData(ConfigMaps + "?resourceVersion=99999999999999999999", "invalid resource version: resourceVersion: Invalid value: \"99999999999999999999\": strconv.ParseUint: parsing \"99999999999999999999\": value out of range")]
    [InlineData(ConfigMaps + "/a?resourceVersion=abc", "invalid resource version: resourceVersion: Invalid value: \"abc\": strconv.ParseUint: parsing \"abc\": invalid syntax")]
    [InlineData(ConfigMaps + "?watch=true&resourceVersion=x1", "invalid resource version: resourceVersion: Invalid value: \"x1\": strconv.ParseUint: parsing \"x1\": invalid syntax")]
    [InlineData(ConfigMaps + "?limit=abc", "strconv.ParseInt: parsing \"abc\": invalid syntax")]
    [InlineData(ConfigMaps + "?limit=99999999999999999999", "strconv.ParseInt: parsing \"99999999999999999999\": value out of range")]
    [InlineData(ConfigMaps + "?timeoutSeconds=1.5", "strconv.ParseInt: parsing \"1.5\": invalid syntax")]
    [InlineData(ConfigMaps + "?continue=garbage&resourceVersion=5", "specifying resource version is not allowed when using continue")]
    public async Task ValuesThatDoNotConvert_AreBadRequests(string path, string message)
    {
        var (code, status, _) = await _h.GetAsync(path);

        Assert.Equal(400, code);
        Assert.Equal("BadRequest", (string?)status["reason"]);
        Assert.Equal(message, (string?)status["message"]);
    }

    [Theory]
    [InlineData(ConfigMaps + "?resourceVersionMatch=Exact", "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided")]
    [InlineData(ConfigMaps + "?resourceVersion=1&resourceVersionMatch=Sometimes", "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Unsupported value: \"Sometimes\": supported values: \"Exact\", \"NotOlderThan\", \"\"")]
    [InlineData(ConfigMaps + "?resourceVersion=0&resourceVersionMatch=Exact", "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\"")]
    [InlineData(ConfigMaps + "?sendInitialEvents=true", "ListOptions.meta.k8s.io \"\" is invalid: sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list")]
    [InlineData(ConfigMaps + "?watch=1&sendInitialEvents=true", "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan")]
    [InlineData(ConfigMaps + "?watch=1&resourceVersionMatch=NotOlderThan", "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided")]
    public async Task ListOptionsThatAreNotAllowed_AreInvalid(string path, string message)
    {
        var (code, status, _) = await _h.GetAsync(path);

        Assert.Equal(422, code);
        Assert.Equal(message, (string?)status["message"]);
        Assert.Equal("meta.k8s.io", (string?)status["details"]!["group"]);
    }

    [Theory]
    [InlineData("POST", ConfigMaps + "?dryRun=Some", "CreateOptions.meta.k8s.io \"\" is invalid: dryRun: Unsupported value: []string{\"Some\"}: supported values: \"All\"")]
    [InlineData("POST", ConfigMaps + "?dryRun=", "CreateOptions.meta.k8s.io \"\" is invalid: dryRun: Unsupported value: []string{\"\"}: supported values: \"All\"")]
    [InlineData("POST", ConfigMaps + "?fieldValidation=Loose", "CreateOptions.meta.k8s.io \"\" is invalid: fieldValidation: Unsupported value: \"Loose\": supported values: \"\", \"Ignore\", \"Strict\", \"Warn\"")]
    [InlineData("PUT", ConfigMaps + "/a?fieldManager=%07bell", "UpdateOptions.meta.k8s.io \"\" is invalid: fieldManager: Invalid value: \"\\abell\": invalid character U+0007 (at position 0)")]
    [InlineData("PATCH", ConfigMaps + "/a?force=true", "PatchOptions.meta.k8s.io \"\" is invalid: force: Forbidden: may not be specified for non-apply patch")]
    public async Task WriteOptionsThatAreNotAllowed_AreInvalid(string method, string path, string message)
    {
        var body = method == "PATCH" ? "{}" : """{"metadata":{"name":"a"}}""";
        var (code, status, _) = await _h.SendAsync(new HttpMethod(method), path, body, method == "PATCH" ? "application/merge-patch+json" : "application/json");

        Assert.Equal(422, code);
        Assert.Equal(message, (string?)status["message"]);
    }

    [Fact]
    public async Task AFieldManagerOverItsLimit_IsTooLong()
    {
        var (code, status, _) = await _h.PostAsync(ConfigMaps + "?fieldManager=" + new string('m', 129), """{"metadata":{"name":"c"}}""");

        Assert.Equal(422, code);
        Assert.Equal("CreateOptions.meta.k8s.io \"\" is invalid: fieldManager: Too long: may not be more than 128 bytes", (string?)status["message"]);
    }

    [Theory]
    [InlineData("propagationPolicy=Sideways", 422)]
    [InlineData("gracePeriodSeconds=soon", 400)]
    [InlineData("dryRun=Maybe", 422)]
    public async Task DeleteOptionsInTheQuery_AreCheckedLikeABody(string query, int expected)
    {
        var (code, status, _) = await _h.DeleteAsync(ConfigMaps + "/a?" + query);

        Assert.Equal(expected, code);
        Assert.Equal("Status", (string?)status["kind"]);
        Assert.Equal(200, (await _h.GetAsync(ConfigMaps + "/a")).Code);
    }

    [Fact]
    public async Task ANegativeLimit_IsNoLimit_AndAHugeOneWorks()
    {
        var (negative, all, _) = await _h.GetAsync(ConfigMaps + "?limit=-5");
        var (huge, page, _) = await _h.GetAsync(ConfigMaps + "?limit=3000000000");

        Assert.Equal(200, negative);
        Assert.Equal(2, all["items"]!.AsArray().Count);
        Assert.Null(all["metadata"]!["continue"]);
        Assert.Equal(200, huge);
        Assert.Equal(2, page["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task AResourceVersionNewerThanTheStore_IsATimeoutClientsRelistOn()
    {
        var (code, status, _) = await _h.GetAsync($"{ConfigMaps}?resourceVersion={_h.Server.ResourceVersion + 100}");
        var (getCode, _, _) = await _h.GetAsync($"{ConfigMaps}/a?resourceVersion={_h.Server.ResourceVersion + 100}");

        Assert.Equal(504, code);
        Assert.Equal("Timeout", (string?)status["reason"]);
        Assert.Equal("ResourceVersionTooLarge", (string?)status["details"]!["causes"]![0]!["reason"]);
        Assert.Equal(504, getCode);
    }

    [Fact]
    public async Task ResourceVersionMatchExact_ListsTheStoreAsItWasThen()
    {
        var then = _h.Server.ResourceVersion;
        await _h.PostAsync(ConfigMaps, """{"metadata":{"name":"later"}}""");
        await _h.DeleteAsync(ConfigMaps + "/a");

        var (code, list, _) = await _h.GetAsync($"{ConfigMaps}?resourceVersion={then}&resourceVersionMatch=Exact");

        Assert.Equal(200, code);
        Assert.Equal(["a", "b"], list["items"]!.AsArray().Select(i => (string?)i!["metadata"]!["name"]));
        Assert.Equal(then.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)list["metadata"]!["resourceVersion"]);
    }

    [Theory]
    [InlineData("timeoutSeconds=99999999999")]
    [InlineData("timeoutSeconds=-3")]
    [InlineData("timeoutSeconds=9223372036854775807")]
    public async Task ExtremeWatchTimeouts_OpenAWatch(string query)
    {
        await using var watch = await RawWatch.OpenAsync(_h.Http, $"{ConfigMaps}?watch=1&{query}");

        Assert.Equal(200, watch.StatusCode);
    }

    [Fact]
    public async Task ANegativeWatchTimeout_EndsTheWatchAtOnce()
    {
        await using var watch = await RawWatch.OpenAsync(_h.Http, $"{ConfigMaps}?watch=1&resourceVersion={_h.Server.ResourceVersion}&timeoutSeconds=-1");

        Assert.Null(await watch.NextAsync(TimeSpan.FromSeconds(30)));
    }

    [Theory]
    [InlineData("watch=yes", true)]
    [InlineData("watch=", true)]
    [InlineData("watch=FALSE", false)]
    [InlineData("watch=0", false)]
    public async Task TheWatchParameter_IsTrueUnlessZeroOrFalse(string query, bool watches)
    {
        await using var response = await RawWatch.OpenAsync(_h.Http, $"{ConfigMaps}?{query}&timeoutSeconds=1");
        var first = await response.NextAsync();

        Assert.Equal(watches, (string?)first!["type"] == "ADDED");
        Assert.Equal(!watches, (string?)first["kind"] == "ConfigMapList");
    }
}
