namespace TenantOperator.Tests.Integration;

/// <summary>The tenant the operator tests share: team-a selects web and api by label and may reach db on 5432.</summary>
internal static class TeamA
{
    public const string Spec = """
        namespaceSelector: {matchLabels: {tenant: team-a}}
        egress: [{name: db, to: [{namespaces: [db]}], ports: [{port: 5432}]}]
        """;

    /// <summary>Creates web and api (labelled tenant=team-a) and db, and applies team-a.</summary>
    public static async Task SeedAsync(OperatorTestCluster cluster)
    {
        await cluster.CreateNamespaceAsync("web", ("tenant", "team-a"));
        await cluster.CreateNamespaceAsync("api", ("tenant", "team-a"));
        await cluster.CreateNamespaceAsync("db");
        await cluster.ApplyTenantAsync("team-a", Spec);
    }

    /// <summary>Waits until team-a reports Reconciled and web and api hold their four policies each.</summary>
    public static async Task ConvergedAsync(OperatorTestCluster cluster)
    {
        await cluster.WaitForReadyReasonAsync("team-a", "Reconciled");
        foreach (var ns in new[] { "web", "api" })
        {
            await OperatorTestCluster.WaitUntilAsync(async () => (await cluster.PolicyNamesAsync(ns)).Count == 4, $"{ns} has its four policies");
        }
    }
}
