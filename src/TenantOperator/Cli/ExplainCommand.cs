using System.CommandLine;
using TenantOperator.Cli.Audit;
using TenantOperator.Policy.Audit;
using TenantOperator.Policy.Evaluation;

namespace TenantOperator.Cli;

/// <summary>
/// <c>tenant-operator explain</c>: may this source reach that destination on this port, and why: the policies that
/// isolate each side, the rule that allows it or the fact that none does, and whether the TenantIsolations declare it.
/// </summary>
internal sealed class ExplainCommand : Command
{
    private readonly ClusterSource _source = new();
    private readonly Option<string> _from = new("--from") { Description = "The source: NAMESPACE/POD, or an IP address (a pod's address means that pod).", Required = true };
    private readonly Option<string> _to = new("--to") { Description = "The destination: NAMESPACE/POD, or an IP address.", Required = true };
    private readonly Option<string> _port = new("--port") { Description = "The destination port: 80/TCP, 53/UDP, 9000/SCTP, or 80 (TCP).", Required = true };
    private readonly Option<string> _output = CliOptions.TextOrJson();

    public ExplainCommand()
        : base("explain", """
            Explain one connection: the verdict of the cluster's NetworkPolicies, the policies that isolate the source
            (egress) and the destination (ingress), the rule that allows each side or the fact that none does, notes
            such as "pod has no IP: ipBlock peers cannot match it", and the connection's place on the tenant map:
            which tenants its ends belong to and whether a TenantIsolation declares it. Reads the cluster as audit
            does (-f or --kubeconfig, --plan). Exits 0 when it answered, 1 on bad input.

            Examples:
              tenant-operator explain -f config/samples -f examples --plan --from monitoring/prometheus-0 --to payments/payments-api-0 --port 8443/TCP
              tenant-operator explain -f cluster/ --from web-frontend/web-0 --to 203.0.113.10 --port 443
            """)
    {
        _source.AddTo(this);
        Options.Add(_from);
        Options.Add(_to);
        Options.Add(_port);
        Options.Add(_output);
        foreach (var option in new[] { _from, _to })
        {
            option.Validators.Add(result =>
            {
                try
                {
                    Endpoint.Parse(result.GetValueOrDefault<string>() ?? "");
                }
                catch (FormatException ex)
                {
                    result.AddError($"{result.Option.Name}: Invalid value: {ex.Message}");
                }
            });
        }

        _port.Validators.Add(result =>
        {
            try
            {
                ProtocolPort.Parse(result.GetValueOrDefault<string>() ?? "");
            }
            catch (FormatException ex)
            {
                result.AddError($"--port: Invalid value: {ex.Message}");
            }
        });
        SetAction(RunAsync);
    }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        var cluster = await _source.LoadAsync(parse, error, cancellationToken);
        if (cluster is null)
        {
            return 1;
        }

        ExplainedConnection explained;
        try
        {
            explained = cluster.Explain(Endpoint.Parse(parse.GetValue(_from)!), Endpoint.Parse(parse.GetValue(_to)!), ProtocolPort.Parse(parse.GetValue(_port)!));
        }
        catch (ArgumentException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message.Split(" (Parameter", 2)[0]}");
            return 1;
        }

        await output.WriteAsync(parse.GetValue(_output) == "json" ? ExplainWriter.Json(explained) : ExplainWriter.Text(explained));
        return 0;
    }
}
