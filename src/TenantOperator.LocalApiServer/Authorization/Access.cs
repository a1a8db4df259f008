using Microsoft.Extensions.Logging;
using TenantOperator.LocalApiServer.Admission;
using TenantOperator.LocalApiServer.Admission.Policies;
using TenantOperator.LocalApiServer.Authentication;
using TenantOperator.LocalApiServer.Persistence;
using TenantOperator.LocalApiServer.Resources;
using TenantOperator.LocalApiServer.Storage;

namespace TenantOperator.LocalApiServer.Authorization;

/// <summary>
/// Who may do what on one server, assembled once at start: its credentials (in memory, or kept in the data
/// directory), the token issuer, the RBAC authorizer and its log, the admission checks that rest on authorization,
/// and the filter every request passes through.
/// </summary>
internal sealed class Access : IAsyncDisposable
{
    private Access(ServerCredentials credentials, AuthorizationLog log, ServerAuthorizer authorizer, IWriteAdmission admission, AccessFilter filter, PolicyAuditLog policyAudit)
    {
        PolicyAudit = policyAudit;
        Credentials = credentials;
        Log = log;
        Authorizer = authorizer;
        Admission = admission;
        Filter = filter;
    }

    public ServerCredentials Credentials { get; }

    public AuthorizationLog Log { get; }

    public ServerAuthorizer Authorizer { get; }

    public AuthorizationMode Mode => Authorizer.Mode;

    public IWriteAdmission Admission { get; }

    /// <summary>The audit annotations of ValidatingAdmissionPolicy bindings with the Audit action.</summary>
    public PolicyAuditLog PolicyAudit { get; }

    public AccessFilter Filter { get; }

    /// <summary>The aggregation controller, stopped with the rest.</summary>
    public ClusterRoleAggregator? Aggregator { get; set; }

    public static Access Create(LocalApiServerOptions options, ObjectStore store, ResourceRegistry registry, StorePersistence? persistence, IDurabilityGate durability, ILogger logger)
    {
        var credentials = persistence is null
            ? ServerCredentials.InMemory(options.BindAddress)
            : ServerCredentials.InDirectory(persistence.DirectoryPath, options.BindAddress);
        var log = new AuthorizationLog();
        var authorizer = new ServerAuthorizer(options.Authorization, new RbacAuthorizer(new RbacPolicySource(store)), log);
        var policyAudit = new PolicyAuditLog();
        var checks = new List<IWriteAdmission> { new RbacEscalationCheck(authorizer) };
        if (options.OwnerReferencesPermissionEnforcement)
        {
            checks.Add(new OwnerReferencesPermissionEnforcement(authorizer, registry));
        }

        if (options.ValidatingAdmissionPolicy)
        {
            checks.Add(new ValidatingAdmissionPolicyPlugin(store, registry, policyAudit, logger));
        }

        var admission = new WriteAdmissionChain([.. checks]);
        var tokens = new ServiceAccountTokens(store, credentials.SigningKey, options.TimeProvider);
        var filter = new AccessFilter(
            new RequestAuthenticator(credentials.AdminToken, tokens, logger),
            new Impersonation(authorizer),
            authorizer,
            new TokenRequests(store, tokens),
            new AccessReviews(authorizer),
            durability);
        return new Access(credentials, log, authorizer, admission, filter, policyAudit);
    }

    public async ValueTask DisposeAsync()
    {
        if (Aggregator is not null)
        {
            await Aggregator.DisposeAsync();
        }

        Credentials.Dispose();
    }
}
