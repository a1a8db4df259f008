using k8s.Models;
using Microsoft.Extensions.Logging;
using TenantOperator.Api;
using TenantOperator.Policy.Reconciliation;
using TenantOperator.Runtime.Writes;

namespace TenantOperator.Controller;

/// <summary>
/// Applies a change set through the one API writer, phase by phase (allows, then deny, then deny deletions, then the
/// other deletions), the writes of a phase concurrently. A phase with a failure stops the sequence: going on could
/// put a deny in place before the allows it needs. A 409, a 404, or a create refused because its namespace is being
/// deleted means the cache is behind: the set is abandoned, and the tenant is re-planned from fresher state. An update
/// or delete of a policy the tenant does not own (<see cref="PolicyOwnership"/>) is refused before it is sent.
/// </summary>
/// <param name="writer">The one API writer.</param>
/// <param name="concurrency">Writes of a phase in flight at once.</param>
/// <param name="logger">Where refused and failed writes are logged.</param>
/// <param name="keepAnswer">
/// What to keep of each object the API server answers, which the pass holds until it ends (<see cref="ApplyResult.Stored"/>):
/// the operator passes its cache's part sharing (<see cref="SharedPolicyParts.Share"/>), since a cold start's pass over
/// a tenant of 5,000 namespaces holds 25,000 answers for the minutes its writes take (docs/PERFORMANCE.md, "Memory at
/// 10,000 namespaces"). Null keeps them whole.
/// </param>
public sealed class PolicyApplier(IKubernetesWriter writer, int concurrency, ILogger logger, Func<V1NetworkPolicy, V1NetworkPolicy>? keepAnswer = null)
{
    /// <summary>Applies <paramref name="changes"/>; never throws for an API failure, it reports it.</summary>
    public async Task<ApplyResult> ApplyAsync(PolicyChangeSet changes, CancellationToken cancellationToken)
    {
        var applied = new List<PolicyWrite>();
        var stored = new List<(PolicyWrite, V1NetworkPolicy)>();
        var failures = new List<string>();
        var stale = false;
        foreach (var phase in changes.Phases())
        {
            var results = new PolicyWriteResult[phase.Count];
            await Parallel.ForAsync(0, phase.Count, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
                async (i, ct) => results[i] = await WriteAsync(phase[i], changes.OwnerUid, ct));

            for (var i = 0; i < phase.Count; i++)
            {
                switch (results[i].Kind)
                {
                    case PolicyWriteResultKind.Done:
                        applied.Add(phase[i]);
                        if (results[i].Stored is { } answer)
                        {
                            stored.Add((phase[i], answer));
                        }

                        break;
                    case PolicyWriteResultKind.Stale:
                        stale = true;
                        break;
                    default:
                        failures.Add($"{phase[i]}: {results[i].Message}");
                        break;
                }
            }

            if (stale || failures.Count > 0)
            {
                break;
            }
        }

        return new ApplyResult(new WriteOutcome(applied, failures), stale, stored);
    }

    private async Task<PolicyWriteResult> WriteAsync(PolicyWrite write, string? ownerUid, CancellationToken cancellationToken)
    {
        if (write.Kind != PolicyWriteKind.Create && !PolicyOwnership.MayChange(write.Actual!, ownerUid))
        {
            logger.LogError("{Write} refused: the policy is not owned by the tenant being reconciled", write);
            return new PolicyWriteResult(PolicyWriteResultKind.Failed, "refused: the policy is not owned by this tenant");
        }

        try
        {
            V1NetworkPolicy? stored = null;
            switch (write.Kind)
            {
                case PolicyWriteKind.Create:
                    stored = await writer.CreateAsync(ModelCopy.Of(write.Desired!), cancellationToken);
                    break;
                case PolicyWriteKind.Update:
                    stored = await writer.ReplaceAsync(Merge(write.Desired!, write.Actual!), cancellationToken);
                    break;
                case PolicyWriteKind.Delete:
                    var preconditions = new V1Preconditions { Uid = write.Actual!.Metadata.Uid, ResourceVersion = write.Actual.Metadata.ResourceVersion };
                    await writer.DeleteAsync<V1NetworkPolicy>(write.Namespace, write.Name, preconditions, cancellationToken);
                    break;
            }

            return new PolicyWriteResult(PolicyWriteResultKind.Done, null, stored is not null && keepAnswer is not null ? keepAnswer(stored) : stored);
        }
        catch (ApiConflictException ex)
        {
            logger.LogDebug("{Write}: {Message}; re-planning from fresher state", write, ex.Message);
            return new PolicyWriteResult(PolicyWriteResultKind.Stale, ex.Message);
        }
        catch (KubernetesApiException ex) when (ex.IsNotFound || IsNamespaceTerminating(ex))
        {
            // The object the cache held is gone, or (for a create) the namespace the cache still showed is gone or
            // going: a member namespace's deletion reaches the policy cache before the namespace cache.
            return new PolicyWriteResult(PolicyWriteResultKind.Stale, ex.Message);
        }
        catch (KubernetesApiException ex)
        {
            logger.LogWarning("{Write} failed: {Message}", write, ex.Message);
            return new PolicyWriteResult(PolicyWriteResultKind.Failed, ex.Message);
        }
    }

    /// <summary>The planned policy as a replacement for the one in place, its metadata merged by <see cref="PolicyMetadataMerge"/>.</summary>
    private static V1NetworkPolicy Merge(V1NetworkPolicy desired, V1NetworkPolicy actual)
    {
        var result = ModelCopy.Of(desired);
        result.Metadata = PolicyMetadataMerge.Replacement(result.Metadata, actual.Metadata);
        return result;
    }

    // kube-apiserver's answer to a create in a namespace being deleted: 403 with the cause NamespaceTerminating.
    private static bool IsNamespaceTerminating(KubernetesApiException ex) =>
        ex.StatusCode == System.Net.HttpStatusCode.Forbidden && ex.Status?.Details?.Causes?.Any(c => c.Reason == "NamespaceTerminating") == true;

    private enum PolicyWriteResultKind
    {
        Done,
        Stale,
        Failed,
    }

    private readonly record struct PolicyWriteResult(PolicyWriteResultKind Kind, string? Message, V1NetworkPolicy? Stored = null);
}
