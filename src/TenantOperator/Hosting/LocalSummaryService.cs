using Microsoft.Extensions.Hosting;
using TenantOperator.Api;

namespace TenantOperator.Hosting;

/// <summary>
/// With <c>run --local</c>: once every tenant's status describes its current spec, prints one line per tenant so a
/// newcomer sees the samples reconciled without reaching for kubectl first.
/// </summary>
public sealed class LocalSummaryService(OperatorService service, LocalCluster local, TextWriter output) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (service.Instance is not { IsReady: true } instance)
            {
                continue;
            }

            var tenants = instance.Caches.Tenants.Cache.List();
            if (tenants.Count == 0 || !tenants.All(t => t.Status?.ObservedGeneration == t.Metadata.Generation))
            {
                continue;
            }

            await output.WriteLineAsync($"Reconciled {tenants.Count} tenant(s) on {local.BaseAddress}:");
            foreach (var tenant in tenants.OrderBy(t => t.Metadata.Name, StringComparer.Ordinal))
            {
                await output.WriteLineAsync(Line(tenant));
            }

            await output.WriteLineAsync("The operator keeps running; press Ctrl+C to stop.");
            return;
        }
    }

    private static string Line(TenantIsolation tenant)
    {
        var status = tenant.Status!;
        var ready = status.Conditions?.FirstOrDefault(c => c.Type == "Ready");
        var isolated = status.Conditions?.FirstOrDefault(c => c.Type == "Isolated");
        return $"  {tenant.Metadata.Name,-20} Ready={ready?.Status} ({ready?.Reason})  Isolated={isolated?.Status}  namespaces={status.NamespaceCount}  policies={status.PolicyCount}";
    }
}
