namespace TenantOperator.LocalApiServer.Admission.Policies;

/// <summary>An audit annotation a policy's Audit action added to a request, as kube-apiserver writes it into the audit event.</summary>
public sealed record PolicyAuditAnnotation(string User, string Operation, string Resource, string Namespace, string Name, string Key, string Value);

/// <summary>
/// The audit annotations of ValidatingAdmissionPolicy bindings with the Audit action (this server keeps no audit
/// log file, so they are kept here, newest last, at most <see cref="MaxEntries"/>).
/// </summary>
public sealed class PolicyAuditLog
{
    /// <summary>The annotation key kube-apiserver uses for a failed validation.</summary>
    public const string ValidationFailureKey = "validation.policy.admission.k8s.io/validation_failure";

    /// <summary>How many annotations are kept.</summary>
    public const int MaxEntries = 10_000;

    private readonly Queue<PolicyAuditAnnotation> _entries = new();
    private readonly Lock _lock = new();

    /// <summary>The annotations recorded, oldest first.</summary>
    public IReadOnlyList<PolicyAuditAnnotation> Annotations
    {
        get
        {
            lock (_lock)
            {
                return [.. _entries];
            }
        }
    }

    internal void Record(AdmissionRequest request, string key, string value)
    {
        lock (_lock)
        {
            _entries.Enqueue(new PolicyAuditAnnotation(request.User.Name, request.OperationName, request.Resource.QualifiedResource, request.Namespace, request.Name, key, value));
            while (_entries.Count > MaxEntries)
            {
                _entries.Dequeue();
            }
        }
    }
}
