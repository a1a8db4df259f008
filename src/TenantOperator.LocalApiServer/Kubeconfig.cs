namespace TenantOperator.LocalApiServer;

/// <summary>A kubeconfig for a plain-HTTP server without authentication (context and cluster named <c>local</c>);
/// the token only satisfies clients that require a credential, the server ignores it.</summary>
internal static class Kubeconfig
{
    public static string For(Uri server) => $$"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: local
          cluster:
            server: {{server.ToString().TrimEnd('/')}}
        users:
        - name: local
          user:
            # The server does not authenticate; KubernetesClient insists on some credential, so here is one.
            token: local-apiserver-has-no-auth
        contexts:
        - name: local
          context:
            cluster: local
            user: local
            namespace: default
        current-context: local
        preferences: {}

        """;
}
