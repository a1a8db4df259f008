using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using TenantOperator.LocalApiServer.Tables;

namespace TenantOperator.LocalApiServer.Tests.Tables;

/// <summary>
/// Serves our Tables to the real kubectl over HTTP (with just enough discovery for <c>kubectl get</c>) and checks
/// what kubectl prints — the proof that the Table shape is the one kube-apiserver sends.
/// </summary>
public sealed class KubectlRendersTablesTests : IAsyncLifetime
{
    private const string Kubectl = "/usr/bin/kubectl";
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private WebApplication? _app;
    private string _directory = "";
    private string _kubeconfig = "";

    private static readonly JsonArray PrinterColumns = JsonNode.Parse("""
        [{"name": "Mode", "type": "string", "jsonPath": ".spec.mode"},
         {"name": "Ready", "type": "string", "jsonPath": ".status.conditions[?(@.type==\"Ready\")].status"},
         {"name": "Policies", "type": "integer", "jsonPath": ".status.policyCount", "priority": 1},
         {"name": "Age", "type": "date", "jsonPath": ".metadata.creationTimestamp"}]
        """)!.AsArray();

    public async Task InitializeAsync()
    {
        if (!File.Exists(Kubectl))
        {
            throw new InvalidOperationException("kubectl 1.32 is required at /usr/bin/kubectl for this test (install it with the distribution's kubectl package).");
        }
        var created = _time.GetUtcNow().AddMinutes(-5).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var tenants = new List<JsonObject>
        {
            JsonNode.Parse($$$"""{"apiVersion": "isolation.tenantoperator.io/v1alpha1", "kind": "TenantIsolation", "metadata": {"name": "team-a", "creationTimestamp": "{{{created}}}"}, "spec": {"mode": "Enforce"}, "status": {"policyCount": 12, "conditions": [{"type": "Ready", "status": "True"}]}}""")!.AsObject(),
            JsonNode.Parse($$$"""{"apiVersion": "isolation.tenantoperator.io/v1alpha1", "kind": "TenantIsolation", "metadata": {"name": "team-b", "creationTimestamp": "{{{created}}}"}, "spec": {"mode": "DryRun"}}""")!.AsObject(),
        };
        var namespaces = new List<JsonObject>
        {
            JsonNode.Parse($$$"""{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "team-a-web", "creationTimestamp": "{{{created}}}"}, "status": {"phase": "Active"}}""")!.AsObject(),
        };
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapGet("/api", () => Json("""{"kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1"}]}"""));
        _app.MapGet("/api/v1", () => Json("""{"kind": "APIResourceList", "groupVersion": "v1", "resources": [{"name": "namespaces", "singularName": "namespace", "namespaced": false, "kind": "Namespace", "verbs": ["get", "list"], "shortNames": ["ns"]}]}"""));
        _app.MapGet("/apis", () => Json("""{"kind": "APIGroupList", "apiVersion": "v1", "groups": [{"name": "isolation.tenantoperator.io", "versions": [{"groupVersion": "isolation.tenantoperator.io/v1alpha1", "version": "v1alpha1"}], "preferredVersion": {"groupVersion": "isolation.tenantoperator.io/v1alpha1", "version": "v1alpha1"}}]}"""));
        _app.MapGet("/apis/isolation.tenantoperator.io/v1alpha1", () => Json("""{"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": "isolation.tenantoperator.io/v1alpha1", "resources": [{"name": "tenantisolations", "singularName": "tenantisolation", "namespaced": false, "kind": "TenantIsolation", "verbs": ["get", "list"], "shortNames": ["ti"]}]}"""));
        _app.MapGet("/apis/isolation.tenantoperator.io/v1alpha1/tenantisolations", (HttpRequest request) =>
            TableOrList(request, TableConvertors.ForCustomResource(PrinterColumns, _time), tenants));
        _app.MapGet("/api/v1/namespaces", (HttpRequest request) => TableOrList(request, TableConvertors.ForBuiltIn("", "namespaces", _time), namespaces));
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _directory = Directory.CreateTempSubdirectory("kubectl-tables-").FullName;
        _kubeconfig = Path.Combine(_directory, "kubeconfig");
        await File.WriteAllTextAsync(_kubeconfig, $"""
            apiVersion: v1
            kind: Config
            clusters: [{"{"}name: local, cluster: {"{"}server: "{address}"{"}"}{"}"}]
            users: [{"{"}name: local, user: {"{"}token: test{"}"}{"}"}]
            contexts: [{"{"}name: local, context: {"{"}cluster: local, user: local{"}"}{"}"}]
            current-context: local
            """);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        if (_directory.Length > 0)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task KubectlGet_PrintsPrinterColumns_WithFilterAndAge()
    {
        var output = await RunKubectl("get", "ti");
        Assert.Equal(
        [
            "NAME     MODE      READY   AGE",
            "team-a   Enforce   True    5m",
            "team-b   DryRun            5m",
        ], output);
    }

    [Fact]
    public async Task KubectlGetWide_ShowsPriorityColumns()
    {
        var output = await RunKubectl("get", "tenantisolations", "-o", "wide");
        Assert.Equal("NAME     MODE      READY   POLICIES   AGE", output[0]);
        Assert.Equal("team-a   Enforce   True    12         5m", output[1]);
        Assert.Equal("team-b   DryRun                       5m", output[2]);
    }

    [Fact]
    public async Task KubectlGet_Namespaces()
    {
        Assert.Equal(["NAME         STATUS   AGE", "team-a-web   Active   5m"], await RunKubectl("get", "namespaces"));
    }

    private static IResult Json(string json) => Results.Text(json, "application/json");

    private static IResult TableOrList(HttpRequest request, ITableConvertor convertor, List<JsonObject> items)
    {
        var include = request.Query["includeObject"].ToString() switch
        {
            "None" => TableIncludeObject.None,
            "Object" => TableIncludeObject.Object,
            _ => TableIncludeObject.Metadata,
        };
        if (request.Headers.Accept.ToString().Contains("as=Table", StringComparison.Ordinal))
        {
            return Results.Text(convertor.ToTable(items, "10", null, include).ToJsonString(), "application/json;as=Table;v=v1;g=meta.k8s.io");
        }
        return Results.Text(new JsonObject { ["kind"] = "List", ["apiVersion"] = "v1", ["items"] = new JsonArray([.. items.Select(i => (JsonNode?)i.DeepClone())]) }.ToJsonString(), "application/json");
    }

    private async Task<string[]> RunKubectl(params string[] args)
    {
        var start = new ProcessStartInfo(Kubectl)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.ArgumentList.Add("--kubeconfig=" + _kubeconfig);
        start.ArgumentList.Add("--cache-dir=" + Path.Combine(_directory, "cache"));
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, await stderr);
        return (await stdout).TrimEnd('\n').Split('\n');
    }
}
