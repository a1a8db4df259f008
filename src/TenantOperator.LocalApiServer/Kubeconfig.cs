namespace TenantOperator.LocalApiServer;

/// <summary>A kubeconfig for the server (context and cluster named <c>local</c>, trusting its certificate authority)
/// whose user presents a bearer token.</summary>
internal static class Kubeconfig
{
    public static string For(Uri server, string authorityPem, string userName, string token) => $$"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: local
          cluster:
            server: {{server.ToString().TrimEnd('/')}}
            certificate-authority-data: {{Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(authorityPem))}}
        users:
        - name: "{{userName}}"
          user:
            token: {{token}}
        contexts:
        - name: local
          context:
            cluster: local
            user: "{{userName}}"
            namespace: default
        current-context: local
        preferences: {}

        """;
}
