using k8s;
using k8s.Models;

namespace TenantOperator.Tests.Cli;

/// <summary>
/// The CLI's answer to hostile input, one test per class of issue 12: never a stack trace, never a silent pass, never a
/// reading other than kubectl's. The expected lines are written out by hand. Inputs only a real process can hold
/// (/dev/zero, 100,000 levels of nesting) are in BadInputProcessTests.
/// </summary>
public sealed class BadInputTests : IDisposable
{
    private const string Header = "apiVersion: isolation.tenantoperator.io/v1alpha1\nkind: TenantIsolation\nmetadata:\n  name: a\nspec:\n  namespaces: [a]\n";

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("bad-input-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Theory]
    [InlineData("  egress: [{name: x, ports: [{port: 1e400}]}]\n", "t.yaml: document 1: line 7, column 37: the number 1e400 is out of range: kubectl would send it as the string \"1e400\"; quote it if a string is meant")]
    [InlineData("  egress: [{name: x, ports: [{port: true}]}]\n", "t.yaml: document 1 (TenantIsolation a): spec.egress[0].ports[0].port: Invalid value: \"boolean\": spec.egress[0].ports[0].port in body must be of type integer or string: \"boolean\"")]
    [InlineData("  egress: [{name: x, ports: [{port: .inf}]}]\n", "t.yaml: document 1: line 7, column 37: .inf is not a finite number: JSON cannot carry it, and kubectl refuses it")]
    [InlineData("  egress: [{name: x\n  b: c\n", "t.yaml: document 1: line 8, column 3: malformed YAML: a line inside a [...] or {...} collection is indented less than the collection: is a ] or } missing?")]
    [InlineData("  x: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n", "t.yaml: document 1: line 7, column 68: nesting deeper than 64 levels")]
    public async Task InputThatCrashedTheCli_IsALocatedErrorWithExitOne(string spec, string expected)
    {
        foreach (var verb in new[] { "validate", "render", "audit" })
        {
            var run = await RunAsync(verb, Header + spec);

            Assert.Equal(1, run.ExitCode);
            Assert.Equal(expected, run.ErrorLines[0]);
            Assert.DoesNotContain("   at ", run.Error);
        }
    }

    [Theory]
    [InlineData("validate", "  namespaceSelector: {matchLabels: {kubenginx}}\n", "t.yaml: document 1 (TenantIsolation a): spec.namespaceSelector.matchLabels[kubenginx]: Invalid value: \"null\": spec.namespaceSelector.matchLabels[kubenginx] in body must be of type string: \"null\"")]
    [InlineData("validate", "  egress: [{name: x, to: [~]}]\n", "t.yaml: document 1 (TenantIsolation a): spec.egress[0].to[0]: Invalid value: \"null\": spec.egress[0].to[0] in body must be of type object: \"null\"")]
    [InlineData("audit", "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: a}\nspec: {podSelector: {matchLabels: {app: }}}\n", "t.yaml: document 2 (NetworkPolicy p): spec.podSelector.matchLabels[app]: Invalid value: \"null\": must be a value, not null; write \"\" for an empty string")]
    public async Task NullsWhereAValueBelongs_AreErrors_NeverACrashOrAWiderSelector(string verb, string yaml, string expected)
    {
        var run = await RunAsync(verb, Header + yaml);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(expected, run.ErrorLines[0]);
        Assert.DoesNotContain("   at ", run.Error);
    }

    [Theory]
    [InlineData("metadata:\n  name: 123\n", "t.yaml: document 1 (TenantIsolation <no name>): metadata.name: Invalid value: \"number\": metadata.name in body must be of type string: \"number\"")]
    [InlineData("metadata:\n  name: yes\n", "t.yaml: document 1 (TenantIsolation <no name>): metadata.name: Invalid value: \"boolean\": metadata.name in body must be of type string: \"boolean\"")]
    [InlineData("metadata:\n  name: a\n  labels: {tier: 1}\n", "t.yaml: document 1 (TenantIsolation a): metadata.labels[tier]: Invalid value: \"number\": metadata.labels[tier] in body must be of type string: \"number\"")]
    [InlineData("metadata:\n  name: a\n  nmae: b\n", "t.yaml: document 1 (TenantIsolation a): unknown field \"metadata.nmae\"")]
    [InlineData("metadata:\n  name: a\n  labels: {\"-bad\": x}\n", "t.yaml: document 1 (TenantIsolation a): metadata.labels: Invalid value: \"-bad\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')")]
    public async Task MetadataOfTheWrongType_IsAnError_NeverADroppedTenant(string metadata, string expected)
    {
        var yaml = $"apiVersion: isolation.tenantoperator.io/v1alpha1\nkind: TenantIsolation\n{metadata}spec:\n  namespaces: [a]\n";

        var validate = await RunAsync("validate", yaml);
        var render = await RunAsync("render", yaml);

        Assert.Equal(1, validate.ExitCode);
        Assert.Equal([expected, "1 error(s) in 1 object(s)"], validate.ErrorLines);
        Assert.Equal(1, render.ExitCode);
        Assert.Equal("", render.Output);
        Assert.Equal([expected, "1 error(s): nothing rendered"], render.ErrorLines);
    }

    [Theory]
    [InlineData("to: [{ipBlock: {cidr: \"\"}}]", "spec.egress[0].to[0].ipBlock.cidr: Required value")]
    [InlineData("to: [{ipBlock: {cidr: \"[2001:db8::]/32\"}}]", "spec.egress[0].to[0].ipBlock.cidr: Invalid value: \"[2001:db8::]/32\": must be a CIDR such as 10.0.0.0/16 or 2001:db8::/32")]
    [InlineData("to: [{ipBlock: {cidr: \"fe80::/10%eth0\"}}]", "spec.egress[0].to[0].ipBlock.cidr: Invalid value: \"fe80::/10%eth0\": the prefix length must be a number from 0 to 128")]
    [InlineData("to: [{ipBlock: {cidr: \"::ffff:10.0.0.0/104\"}}]", "spec.egress[0].to[0].ipBlock.cidr: Invalid value: \"::ffff:10.0.0.0/104\": must not have an IPv4-mapped IPv6 address: write the IPv4 CIDR (10.0.0.0/8)")]
    [InlineData("to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.0.0.0/8]}}]", "spec.egress[0].to[0].ipBlock.except[0]: Invalid value: \"10.0.0.0/8\": must be a strict subset of cidr 10.0.0.0/8")]
    [InlineData("ports: [{port: \"80\"}]", "spec.egress[0].ports[0].port: Invalid value: \"80\": must contain at least one letter (a-z) (a quoted number is a port name; write the number without quotes)")]
    [InlineData("ports: [{port: \"443\", endPort: 445}]", "spec.egress[0].ports[0].endPort: Forbidden: may not be specified when port is a name")]
    public async Task WhatTheServerRefuses_FailsValidateWithTheFieldPath(string rule, string expected)
    {
        var run = await RunAsync("validate", Header + $"  egress: [{{name: x, {rule}}}]\n");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"t.yaml: document 1 (TenantIsolation a): {expected}", run.ErrorLines);
    }

    [Theory]
    [InlineData("0120")]
    [InlineData("0x50")]
    [InlineData("0o120")]
    [InlineData("0b1010000")]
    [InlineData("80.0")]
    [InlineData("8e1")]
    public async Task PortsWrittenAsKubectlReadsThem_RenderAsThePortKubectlWouldSend(string port)
    {
        var run = await RunAsync("render", Header + $"  egress: [{{name: x, ports: [{{port: {port}}}]}}]\n");

        Assert.Equal(0, run.ExitCode);
        var policy = KubernetesYaml.LoadAllFromString(run.Output).Cast<V1NetworkPolicy>().Single(p => p.Metadata.Name == "tenant-isolation-egress-x");
        Assert.Equal("80", policy.Spec.Egress[0].Ports[0].Port.Value);
        Assert.Contains("    - port: 80\n", run.Output);
    }

    [Theory]
    [InlineData("\"0x50\"", "    - port: \"0x50\"\n")] // a port name kubectl would read as 80 unquoted
    [InlineData("\"on\"", "    - port: \"on\"\n")] // a port name kubectl would read as true unquoted
    [InlineData("http", "    - port: http\n")]
    public async Task NamedPorts_RenderQuotedWhenKubectlWouldReadThemAsAnotherType(string port, string expected)
    {
        var run = await RunAsync("render", Header + $"  egress: [{{name: x, ports: [{{port: {port}}}]}}]\n");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(expected, run.Output);
    }

    [Fact]
    public async Task MergeKeys_WorkAsInKubectl()
    {
        var run = await RunAsync("validate", Header + """
              egress:
              - &rule {name: one, ports: [{port: 443}]}
              - <<: *rule
                name: two
            """);

        Assert.Equal("1 object(s) valid: 1 TenantIsolation(s), 0 Namespace(s)\n", run.Output);
        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public async Task JsonWithATrailingComma_IsRefusedAsKubectlRefusesIt()
    {
        var run = await RunAsync("validate", """{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a",}}""", "t.json");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("t.json: document 1: line 1, column 68: malformed JSON: ", run.ErrorLines[0]);
    }

    [Theory]
    [InlineData("apiVersion: v1\nkind: Namespace\nmetadata: {name: a, labels: {tier: 1}}\n", "t.yaml: document 1 (Namespace a): metadata.labels[tier]: Invalid value: \"number\": metadata.labels[tier] in body must be of type string: \"number\"")]
    [InlineData("apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\nspec: {finalizer: [x]}\n", "t.yaml: document 1 (Namespace a): unknown field \"spec.finalizer\"")]
    [InlineData("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: a}\nspec: {podSelector: {}, ingres: [{}]}\n", "t.yaml: document 1 (NetworkPolicy p): unknown field \"spec.ingres\"")]
    [InlineData("apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: a, lables: {app: x}}\n", "t.yaml: document 1 (Pod p): unknown field \"metadata.lables\"")]
    [InlineData("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: a}\nspec: {podSelector: {}, ingress: [{ports: [{port: \"80\"}]}]}\n", "t.yaml: document 1 (NetworkPolicy p): spec.ingress[0].ports[0].port: Invalid value: \"80\": must contain at least one letter (a-z) (a quoted number is a port name; write the number without quotes)")]
    [InlineData("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: a}\nspec: {podSelector: {}, ingress: [{ports: [{port: true}]}]}\n", "t.yaml: document 1 (NetworkPolicy p): spec.ingress[0].ports[0].port: Invalid value: \"boolean\": must be of type integer or string")]
    [InlineData("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: a}\nspec: {podSelector: {}, ingress: [{ports: [{port: [80]}]}]}\n", "t.yaml: document 1 (NetworkPolicy p): spec.ingress[0].ports[0].port: Invalid value: \"array\": must be of type integer or string")]
    [InlineData("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: a}\nspec: {podSelector: {}, ingress: [{ports: [{port: 80, endPort: x}]}]}\n", "t.yaml: document 1 (NetworkPolicy p): spec.ingress[0].ports[0].endPort: Invalid value: \"x\": the value has the wrong type")]
    [InlineData("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: a}\nspec: {podSelector: {}, ingress: [{from: [{ipBlock: {cidr: \"[2001:db8::]/32\"}}]}]}\n", "t.yaml: document 1 (NetworkPolicy p): spec.ingress[0].from[0].ipBlock.cidr: Invalid value: \"[2001:db8::]/32\": must be a CIDR such as 10.0.0.0/8 or fd00::/64")]
    [InlineData("apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: a}\nspec: {containers: [{name: c, resources: {limits: {cpu: abc}}}]}\n", "t.yaml: document 1 (Pod p): spec.containers[0].resources.limits.cpu: Invalid value: \"abc\": must be a quantity such as 100m, 1.5 or 1Gi")]
    [InlineData("apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: a}\nspec: {containers: [{name: c, livenessProbe: {httpGet: {port: {a: 1}}}}]}\n", "t.yaml: document 1 (Pod p): spec.containers[0].livenessProbe.httpGet.port: Invalid value: \"object\": must be of type integer or string")]
    public async Task BuiltInObjectsWithUnknownFieldsOrWrongTypes_AreErrorsInAudit(string yaml, string expected)
    {
        var run = await RunAsync("audit", yaml);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(expected, run.ErrorLines[0]);
    }

    [Theory]
    [InlineData("apiVersion: isolation.tenantoperator.io/v1alpha1\nkind: TenantIsolation\nmetadata: {name: a}\nspec: {namespaces: [a]}\n", "not a kubeconfig: kind: Invalid value: \"TenantIsolation\": a kubeconfig has kind Config")]
    [InlineData("apiVersion: v1\nkind: Config\nclusters: 5\n", "not a kubeconfig: clusters: Invalid value: must be a list of mappings with name and cluster")]
    [InlineData("apiVersion: v1\nkind: Config\nusers: [{name: u, user: [x]}]\n", "not a kubeconfig: users[0]: Invalid value: must be a mapping with a name (a string) and a user (a mapping)")]
    [InlineData("# a README\nSee: [the docs\nand more\n", "document 1: line 3, column 1: malformed YAML: ")]
    [InlineData("a: 1\n", "not a kubeconfig: it has no clusters, contexts or users")]
    [InlineData("apiVersion: v1\nkind: Config\ncurrent-context: gone\nclusters: [{name: k, cluster: {server: \"https://127.0.0.1:1\"}}]\ncontexts: [{name: c, context: {cluster: k, user: u}}]\nusers: [{name: u}]\n", "CurrentContext: gone not found in contexts in kubeconfig")]
    [InlineData("apiVersion: v1\nkind: Config\ncurrent-context: c\nclusters: [{name: k, cluster: {server: \"https://127.0.0.1:1\", certificate-authority-data: bm90IGEgY2VydA==}}]\ncontexts: [{name: c, context: {cluster: k, user: u}}]\nusers: [{name: u, user: {client-certificate-data: eHh4, client-key-data: eXl5}}]\n", "The certificate contents do not contain a PEM")]
    public async Task AuditWithAKubeconfigThatIsNotOne_IsALocatedError(string content, string expected)
    {
        var path = Path.Combine(_directory.FullName, "kubeconfig");
        await File.WriteAllTextAsync(path, content);

        var run = await CliRun.Of("audit", "--kubeconfig", path);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"error: kubeconfig {path}: {expected}", run.ErrorLines[0]);
        Assert.DoesNotContain("   at ", run.Error);
    }

    private async Task<CliRun> RunAsync(string verb, string content, string name = "t.yaml")
    {
        var path = Path.Combine(_directory.FullName, name);
        await File.WriteAllTextAsync(path, content);
        var run = await CliRun.Of(verb, "-f", path);
        return run with { Error = run.Error.Replace(path, name, StringComparison.Ordinal) };
    }
}
