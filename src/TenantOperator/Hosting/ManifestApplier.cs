using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace TenantOperator.Hosting;

/// <summary>
/// Creates manifests, or replaces those that exist (the outcome of <c>kubectl apply</c> on objects nobody else
/// edits), for the kinds config/rbac and config/guardrails hold.
/// </summary>
internal sealed class ManifestApplier(Kubernetes client)
{
    public async Task ApplyAsync(IEnumerable<IKubernetesObject<V1ObjectMeta>> objects, CancellationToken cancellationToken)
    {
        foreach (var obj in objects)
        {
            var ns = obj.Metadata.NamespaceProperty;
            var name = obj.Metadata.Name;
            switch (obj)
            {
                case V1ServiceAccount account:
                    await ApplyAsync(account, () => client.CoreV1.CreateNamespacedServiceAccountAsync(account, ns, cancellationToken: cancellationToken),
                        () => client.CoreV1.ReadNamespacedServiceAccountAsync(name, ns, cancellationToken: cancellationToken),
                        () => client.CoreV1.ReplaceNamespacedServiceAccountAsync(account, name, ns, cancellationToken: cancellationToken));
                    break;
                case V1ClusterRole role:
                    await ApplyAsync(role, () => client.RbacAuthorizationV1.CreateClusterRoleAsync(role, cancellationToken: cancellationToken),
                        () => client.RbacAuthorizationV1.ReadClusterRoleAsync(name, cancellationToken: cancellationToken),
                        () => client.RbacAuthorizationV1.ReplaceClusterRoleAsync(role, name, cancellationToken: cancellationToken));
                    break;
                case V1ClusterRoleBinding binding:
                    await ApplyAsync(binding, () => client.RbacAuthorizationV1.CreateClusterRoleBindingAsync(binding, cancellationToken: cancellationToken),
                        () => client.RbacAuthorizationV1.ReadClusterRoleBindingAsync(name, cancellationToken: cancellationToken),
                        () => client.RbacAuthorizationV1.ReplaceClusterRoleBindingAsync(binding, name, cancellationToken: cancellationToken));
                    break;
                case V1Role role:
                    await ApplyAsync(role, () => client.RbacAuthorizationV1.CreateNamespacedRoleAsync(role, ns, cancellationToken: cancellationToken),
                        () => client.RbacAuthorizationV1.ReadNamespacedRoleAsync(name, ns, cancellationToken: cancellationToken),
                        () => client.RbacAuthorizationV1.ReplaceNamespacedRoleAsync(role, name, ns, cancellationToken: cancellationToken));
                    break;
                case V1RoleBinding binding:
                    await ApplyAsync(binding, () => client.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(binding, ns, cancellationToken: cancellationToken),
                        () => client.RbacAuthorizationV1.ReadNamespacedRoleBindingAsync(name, ns, cancellationToken: cancellationToken),
                        () => client.RbacAuthorizationV1.ReplaceNamespacedRoleBindingAsync(binding, name, ns, cancellationToken: cancellationToken));
                    break;
                case V1ValidatingAdmissionPolicy policy:
                    await ApplyAsync(policy, () => client.AdmissionregistrationV1.CreateValidatingAdmissionPolicyAsync(policy, cancellationToken: cancellationToken),
                        () => client.AdmissionregistrationV1.ReadValidatingAdmissionPolicyAsync(name, cancellationToken: cancellationToken),
                        () => client.AdmissionregistrationV1.ReplaceValidatingAdmissionPolicyAsync(policy, name, cancellationToken: cancellationToken));
                    break;
                case V1ValidatingAdmissionPolicyBinding binding:
                    await ApplyAsync(binding, () => client.AdmissionregistrationV1.CreateValidatingAdmissionPolicyBindingAsync(binding, cancellationToken: cancellationToken),
                        () => client.AdmissionregistrationV1.ReadValidatingAdmissionPolicyBindingAsync(name, cancellationToken: cancellationToken),
                        () => client.AdmissionregistrationV1.ReplaceValidatingAdmissionPolicyBindingAsync(binding, name, cancellationToken: cancellationToken));
                    break;
                default:
                    throw new InvalidOperationException($"Applying a {obj.Kind} is not supported here: config/rbac and config/guardrails should hold only ServiceAccounts, Roles, ClusterRoles, their bindings, ValidatingAdmissionPolicies and theirs.");
            }
        }
    }

    private static async Task ApplyAsync<T>(T desired, Func<Task<T>> create, Func<Task<T>> read, Func<Task<T>> replace)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        try
        {
            await create();
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Conflict)
        {
            desired.Metadata.ResourceVersion = (await read()).Metadata.ResourceVersion;
            await replace();
        }
    }
}
