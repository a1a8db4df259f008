namespace TenantOperator.Core.Tests.Policy.Evaluation;

/// <summary>
/// The upstream Kubernetes NetworkPolicy e2e tests (kubernetes/kubernetes, test/e2e/network/netpol/network_policy.go),
/// restated as data: each case carries the upstream test's name, the policies it creates (in our YAML), the changes
/// it makes between probes, and the full 9×9 table it expects for every port it probes. Rows are sources, columns
/// destinations, <c>.</c> allowed, <c>X</c> denied. The upstream suite ignores a pod's connection to itself
/// (loopback is left undefined there); Kubernetes documents that a pod cannot block access to itself, so these
/// tables show the diagonal as allowed. The cases needing Services or a live network are the only ones left out.
/// </summary>
internal static class UpstreamTruthTables
{
    public static IReadOnlyList<UpstreamCase> All { get; } =
    [
        new UpstreamCase("should support a 'default-deny-ingress' policy")
            .Apply("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: deny-ingress, namespace: x}
                spec:
                  podSelector: {}
                  policyTypes: [Ingress]
                  ingress: []
                """)
            .Expect("80/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   X   X   .   .   .   .   .   .
                x/b       X   .   X   .   .   .   .   .   .
                x/c       X   X   .   .   .   .   .   .   .
                y/a       X   X   X   .   .   .   .   .   .
                y/b       X   X   X   .   .   .   .   .   .
                y/c       X   X   X   .   .   .   .   .   .
                z/a       X   X   X   .   .   .   .   .   .
                z/b       X   X   X   .   .   .   .   .   .
                z/c       X   X   X   .   .   .   .   .   .
                """),
        new UpstreamCase("should support a 'default-deny-all' policy")
            .Apply("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: deny-all, namespace: x}
                spec:
                  podSelector: {}
                  policyTypes: [Ingress, Egress]
                  ingress: []
                  egress: []
                """)
            .Expect("80/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   X   X   X   X   X   X   X   X
                x/b       X   .   X   X   X   X   X   X   X
                x/c       X   X   .   X   X   X   X   X   X
                y/a       X   X   X   .   .   .   .   .   .
                y/b       X   X   X   .   .   .   .   .   .
                y/c       X   X   X   .   .   .   .   .   .
                z/a       X   X   X   .   .   .   .   .   .
                z/b       X   X   X   .   .   .   .   .   .
                z/c       X   X   X   .   .   .   .   .   .
                """),
        new UpstreamCase("should enforce policy to allow traffic from pods within server namespace based on PodSelector")
            .Apply("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: x-a-allows-x-b, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  policyTypes: [Ingress]
                  ingress:
                  - from:
                    - podSelector: {matchLabels: {pod: b}}
                """)
            .Expect("80/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   .   .   .   .   .   .   .   .
                x/b       .   .   .   .   .   .   .   .   .
                x/c       X   .   .   .   .   .   .   .   .
                y/a       X   .   .   .   .   .   .   .   .
                y/b       X   .   .   .   .   .   .   .   .
                y/c       X   .   .   .   .   .   .   .   .
                z/a       X   .   .   .   .   .   .   .   .
                z/b       X   .   .   .   .   .   .   .   .
                z/c       X   .   .   .   .   .   .   .   .
                """),
        new UpstreamCase("should enforce policy to allow ingress traffic for a target")
            .Apply("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: deny-all, namespace: x}
                spec:
                  podSelector: {}
                  policyTypes: [Ingress]
                  ingress: []
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-all-to-a, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  policyTypes: [Ingress]
                  ingress:
                  - from:
                    - podSelector: {}
                      namespaceSelector: {}
                """)
            .Expect("80/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   X   X   .   .   .   .   .   .
                x/b       .   .   X   .   .   .   .   .   .
                x/c       .   X   .   .   .   .   .   .   .
                y/a       .   X   X   .   .   .   .   .   .
                y/b       .   X   X   .   .   .   .   .   .
                y/c       .   X   X   .   .   .   .   .   .
                z/a       .   X   X   .   .   .   .   .   .
                z/b       .   X   X   .   .   .   .   .   .
                z/c       .   X   X   .   .   .   .   .   .
                """),
        new UpstreamCase("should enforce policy to allow ingress traffic from pods in all namespaces")
            .Apply("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-from-another-ns, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  policyTypes: [Ingress]
                  ingress:
                  - from:
                    - namespaceSelector: {matchLabels: {}}
                """)
            .Expect("80/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   .   .   .   .   .   .   .   .
                x/b       .   .   .   .   .   .   .   .   .
                x/c       .   .   .   .   .   .   .   .   .
                y/a       .   .   .   .   .   .   .   .   .
                y/b       .   .   .   .   .   .   .   .   .
                y/c       .   .   .   .   .   .   .   .   .
                z/a       .   .   .   .   .   .   .   .   .
                z/b       .   .   .   .   .   .   .   .   .
                z/c       .   .   .   .   .   .   .   .   .
                """),
        new UpstreamCase("should enforce policy to allow traffic only from a different namespace, based on NamespaceSelector")
            .Apply("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-client-a-via-ns-selector, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  policyTypes: [Ingress]
                  ingress:
                  - from:
                    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: y}}
                """)
            .Expect("80/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   .   .   .   .   .   .   .   .
                x/b       X   .   .   .   .   .   .   .   .
                x/c       X   .   .   .   .   .   .   .   .
                y/a       .   .   .   .   .   .   .   .   .
                y/b       .   .   .   .   .   .   .   .   .
                y/c       .   .   .   .   .   .   .   .   .
                z/a       X   .   .   .   .   .   .   .   .
                z/b       X   .   .   .   .   .   .   .   .
                z/c       X   .   .   .   .   .   .   .   .
                """),
        new UpstreamCase("should enforce policy based on PodSelector with MatchExpressions")
            .Apply("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: x-a-allows-x-b, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  policyTypes: [Ingress]
                  ingress:
                  - from:
                    - podSelector:
                        matchExpressions:
                        - {key: pod, operator: In, values: [b]}
                """)
            .Expect("80/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   .   .   .   .   .   .   .   .
                x/b       .   .   .   .   .   .   .   .   .
                x/c       X   .   .   .   .   .   .   .   .
                y/a       X   .   .   .   .   .   .   .   .
                y/b       X   .   .   .   .   .   .   .   .
                y/c       X   .   .   .   .   .   .   .   .
                z/a       X   .   .   .   .   .   .   .   .
                z/b       X   .   .   .   .   .   .   .   .
                z/c       X   .   .   .   .   .   .   .   .
                """),
        new UpstreamCase("should enforce policy based on NamespaceSelector with MatchExpressions")
            .Apply("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-ns-y-match-selector, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  policyTypes: [Ingress]
                  ingress:
                  - from:
                    - namespaceSelector:
                        matchExpressions:
                        - {key: kubernetes.io/metadata.name, operator: In, values: [y]}
                """)
            .Expect("80/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   .   .   .   .   .   .   .   .
                x/b       X   .   .   .   .   .   .   .   .
                x/c       X   .   .   .   .   .   .   .   .
                y/a       .   .   .   .   .   .   .   .   .
                y/b       .   .   .   .   .   .   .   .   .
                y/c       .   .   .   .   .   .   .   .   .
                z/a       X   .   .   .   .   .   .   .   .
                z/b       X   .   .   .   .   .   .   .   .
                z/c       X   .   .   .   .   .   .   .   .
                """),
        new UpstreamCase("should enforce policy based on PodSelector or NamespaceSelector")
            .Apply("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-ns-y-match-selector, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  policyTypes: [Ingress]
                  ingress:
                  - from:
                    - namespaceSelector:
                        matchExpressions:
                        - {key: kubernetes.io/metadata.name, operator: NotIn, values: [x]}
                    - podSelector: {matchLabels: {pod: b}}
                """)
            .Expect("80/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   .   .   .   .   .   .   .   .
                x/b       .   .   .   .   .   .   .   .   .
                x/c       X   .   .   .   .   .   .   .   .
                y/a       .   .   .   .   .   .   .   .   .
                y/b       .   .   .   .   .   .   .   .   .
                y/c       .   .   .   .   .   .   .   .   .
                z/a       .   .   .   .   .   .   .   .   .
                z/b       .   .   .   .   .   .   .   .   .
                z/c       .   .   .   .   .   .   .   .   .
                """),
        new UpstreamCase("should enforce policy based on PodSelector and NamespaceSelector")
            .Apply("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-ns-y-podselector-and-nsselector, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  policyTypes: [Ingress]
                  ingress:
                  - from:
                    - namespaceSelector:
                        matchExpressions:
                        - {key: kubernetes.io/metadata.name, operator: NotIn, values: [x]}
                      podSelector: {matchLabels: {pod: b}}
                """)
            .Expect("80/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   .   .   .   .   .   .   .   .
                x/b       X   .   .   .   .   .   .   .   .
                x/c       X   .   .   .   .   .   .   .   .
                y/a       X   .   .   .   .   .   .   .   .
                y/b       .   .   .   .   .   .   .   .   .
                y/c       X   .   .   .   .   .   .   .   .
                z/a       X   .   .   .   .   .   .   .   .
                z/b       .   .   .   .   .   .   .   .   .
                z/c       X   .   .   .   .   .   .   .   .
                """),
        new UpstreamCase("should enforce policy based on Multiple PodSelectors and NamespaceSelectors")
            .Apply("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-ns-y-z-pod-b-c, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  policyTypes: [Ingress]
                  ingress:
                  - from:
                    - namespaceSelector:
                        matchExpressions:
                        - {key: kubernetes.io/metadata.name, operator: NotIn, values: [x]}
                      podSelector:
                        matchExpressions:
                        - {key: pod, operator: In, values: [b, c]}
                """)
            .Expect("80/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   .   .   .   .   .   .   .   .
                x/b       X   .   .   .   .   .   .   .   .
                x/c       X   .   .   .   .   .   .   .   .
                y/a       X   .   .   .   .   .   .   .   .
                y/b       .   .   .   .   .   .   .   .   .
                y/c       .   .   .   .   .   .   .   .   .
                z/a       X   .   .   .   .   .   .   .   .
                z/b       .   .   .   .   .   .   .   .   .
                z/c       .   .   .   .   .   .   .   .   .
                """),
        new UpstreamCase("should enforce policy based on any PodSelectors")
            .Apply("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-ns-x-pod-b-c, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  policyTypes: [Ingress]
                  ingress:
                  - from:
                    - podSelector: {matchLabels: {pod: b}}
                    - podSelector: {matchLabels: {pod: c}}
                """)
            .Expect("80/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   .   .   .   .   .   .   .   .
                x/b       .   .   .   .   .   .   .   .   .
                x/c       .   .   .   .   .   .   .   .   .
                y/a       X   .   .   .   .   .   .   .   .
                y/b       X   .   .   .   .   .   .   .   .
                y/c       X   .   .   .   .   .   .   .   .
                z/a       X   .   .   .   .   .   .   .   .
                z/b       X   .   .   .   .   .   .   .   .
                z/c       X   .   .   .   .   .   .   .   .
                """),
        new UpstreamCase("should enforce policy to allow traffic only from a pod in a different namespace based on PodSelector and NamespaceSelector")
            .Apply("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-ns-y-pod-a-via-namespace-pod-selector, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  policyTypes: [Ingress]
                  ingress:
                  - from:
                    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: y}}
                      podSelector: {matchLabels: {pod: a}}
                """)
            .Expect("80/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   .   .   .   .   .   .   .   .
                x/b       X   .   .   .   .   .   .   .   .
                x/c       X   .   .   .   .   .   .   .   .
                y/a       .   .   .   .   .   .   .   .   .
                y/b       X   .   .   .   .   .   .   .   .
                y/c       X   .   .   .   .   .   .   .   .
                z/a       X   .   .   .   .   .   .   .   .
                z/b       X   .   .   .   .   .   .   .   .
                z/c       X   .   .   .   .   .   .   .   .
                """),
        new UpstreamCase("should enforce policy based on Ports")
            .Apply("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-client-a-via-ns-selector, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  policyTypes: [Ingress]
                  ingress:
                  - from:
                    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: y}}
                    ports:
                    - {protocol: TCP, port: 81}
                """)
            .Expect("81/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   .   .   .   .   .   .   .   .
                x/b       X   .   .   .   .   .   .   .   .
                x/c       X   .   .   .   .   .   .   .   .
                y/a       .   .   .   .   .   .   .   .   .
                y/b       .   .   .   .   .   .   .   .   .
                y/c       .   .   .   .   .   .   .   .   .
                z/a       X   .   .   .   .   .   .   .   .
                z/b       X   .   .   .   .   .   .   .   .
                z/c       X   .   .   .   .   .   .   .   .
                """),
        new UpstreamCase("should enforce multiple, stacked policies with overlapping podSelectors")
            .Apply("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-client-a-via-ns-selector, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  policyTypes: [Ingress]
                  ingress:
                  - from:
                    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: y}}
                    ports:
                    - {protocol: TCP, port: 81}
                """)
            .Expect("81/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   .   .   .   .   .   .   .   .
                x/b       X   .   .   .   .   .   .   .   .
                x/c       X   .   .   .   .   .   .   .   .
                y/a       .   .   .   .   .   .   .   .   .
                y/b       .   .   .   .   .   .   .   .   .
                y/c       .   .   .   .   .   .   .   .   .
                z/a       X   .   .   .   .   .   .   .   .
                z/b       X   .   .   .   .   .   .   .   .
                z/c       X   .   .   .   .   .   .   .   .
                """)
            .Expect("80/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   .   .   .   .   .   .   .   .
                x/b       X   .   .   .   .   .   .   .   .
                x/c       X   .   .   .   .   .   .   .   .
                y/a       X   .   .   .   .   .   .   .   .
                y/b       X   .   .   .   .   .   .   .   .
                y/c       X   .   .   .   .   .   .   .   .
                z/a       X   .   .   .   .   .   .   .   .
                z/b       X   .   .   .   .   .   .   .   .
                z/c       X   .   .   .   .   .   .   .   .
                """)
            .Apply("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-client-a-via-ns-selector-80, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  policyTypes: [Ingress]
                  ingress:
                  - from:
                    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: y}}
                    ports:
                    - {protocol: TCP, port: 80}
                """)
            .Expect("80/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   .   .   .   .   .   .   .   .
                x/b       X   .   .   .   .   .   .   .   .
                x/c       X   .   .   .   .   .   .   .   .
                y/a       .   .   .   .   .   .   .   .   .
                y/b       .   .   .   .   .   .   .   .   .
                y/c       .   .   .   .   .   .   .   .   .
                z/a       X   .   .   .   .   .   .   .   .
                z/b       X   .   .   .   .   .   .   .   .
                z/c       X   .   .   .   .   .   .   .   .
                """),
        new UpstreamCase("should support allow-all policy")
            .Apply("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-all, namespace: x}
                spec:
                  podSelector: {}
                  policyTypes: [Ingress]
                  ingress:
                  - {}
                """)
            .Expect("80/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   .   .   .   .   .   .   .   .
                x/b       .   .   .   .   .   .   .   .   .
                x/c       .   .   .   .   .   .   .   .   .
                y/a       .   .   .   .   .   .   .   .   .
                y/b       .   .   .   .   .   .   .   .   .
                y/c       .   .   .   .   .   .   .   .   .
                z/a       .   .   .   .   .   .   .   .   .
                z/b       .   .   .   .   .   .   .   .   .
                z/c       .   .   .   .   .   .   .   .   .
                """)
            .Expect("81/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   .   .   .   .   .   .   .   .
                x/b       .   .   .   .   .   .   .   .   .
                x/c       .   .   .   .   .   .   .   .   .
                y/a       .   .   .   .   .   .   .   .   .
                y/b       .   .   .   .   .   .   .   .   .
                y/c       .   .   .   .   .   .   .   .   .
                z/a       .   .   .   .   .   .   .   .   .
                z/b       .   .   .   .   .   .   .   .   .
                z/c       .   .   .   .   .   .   .   .   .
                """),
        new UpstreamCase("should allow ingress access on one named port")
            .Apply("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-all, namespace: x}
                spec:
                  podSelector: {}
                  policyTypes: [Ingress]
                  ingress:
                  - ports:
                    - port: serve-81-tcp
                """)
            .Expect("81/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   .   .   .   .   .   .   .   .
                x/b       .   .   .   .   .   .   .   .   .
                x/c       .   .   .   .   .   .   .   .   .
                y/a       .   .   .   .   .   .   .   .   .
                y/b       .   .   .   .   .   .   .   .   .
                y/c       .   .   .   .   .   .   .   .   .
                z/a       .   .   .   .   .   .   .   .   .
                z/b       .   .   .   .   .   .   .   .   .
                z/c       .   .   .   .   .   .   .   .   .
                """)
            .Expect("80/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   X   X   .   .   .   .   .   .
                x/b       X   .   X   .   .   .   .   .   .
                x/c       X   X   .   .   .   .   .   .   .
                y/a       X   X   X   .   .   .   .   .   .
                y/b       X   X   X   .   .   .   .   .   .
                y/c       X   X   X   .   .   .   .   .   .
                z/a       X   X   X   .   .   .   .   .   .
                z/b       X   X   X   .   .   .   .   .   .
                z/c       X   X   X   .   .   .   .   .   .
                """),
        new UpstreamCase("should allow ingress access from namespace on one named port")
            .Apply("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-client-a-via-ns-selector-80, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  policyTypes: [Ingress]
                  ingress:
                  - from:
                    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: y}}
                    ports:
                    - {protocol: TCP, port: serve-80-tcp}
                """)
            .Expect("80/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   .   .   .   .   .   .   .   .
                x/b       X   .   .   .   .   .   .   .   .
                x/c       X   .   .   .   .   .   .   .   .
                y/a       .   .   .   .   .   .   .   .   .
                y/b       .   .   .   .   .   .   .   .   .
                y/c       .   .   .   .   .   .   .   .   .
                z/a       X   .   .   .   .   .   .   .   .
                z/b       X   .   .   .   .   .   .   .   .
                z/c       X   .   .   .   .   .   .   .   .
                """)
            .Expect("81/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   .   .   .   .   .   .   .   .
                x/b       X   .   .   .   .   .   .   .   .
                x/c       X   .   .   .   .   .   .   .   .
                y/a       X   .   .   .   .   .   .   .   .
                y/b       X   .   .   .   .   .   .   .   .
                y/c       X   .   .   .   .   .   .   .   .
                z/a       X   .   .   .   .   .   .   .   .
                z/b       X   .   .   .   .   .   .   .   .
                z/c       X   .   .   .   .   .   .   .   .
                """),
        new UpstreamCase("should allow egress access on one named port")
            .Apply("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-egress, namespace: x}
                spec:
                  podSelector: {}
                  policyTypes: [Egress]
                  egress:
                  - ports:
                    - port: serve-80-tcp
                """)
            .Expect("80/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   .   .   .   .   .   .   .   .
                x/b       .   .   .   .   .   .   .   .   .
                x/c       .   .   .   .   .   .   .   .   .
                y/a       .   .   .   .   .   .   .   .   .
                y/b       .   .   .   .   .   .   .   .   .
                y/c       .   .   .   .   .   .   .   .   .
                z/a       .   .   .   .   .   .   .   .   .
                z/b       .   .   .   .   .   .   .   .   .
                z/c       .   .   .   .   .   .   .   .   .
                """)
            .Expect("81/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   X   X   X   X   X   X   X   X
                x/b       X   .   X   X   X   X   X   X   X
                x/c       X   X   .   X   X   X   X   X   X
                y/a       .   .   .   .   .   .   .   .   .
                y/b       .   .   .   .   .   .   .   .   .
                y/c       .   .   .   .   .   .   .   .   .
                z/a       .   .   .   .   .   .   .   .   .
                z/b       .   .   .   .   .   .   .   .   .
                z/c       .   .   .   .   .   .   .   .   .
                """),
        new UpstreamCase("should enforce updated policy")
            .Apply("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-all-mutate-to-deny-all, namespace: x}
                spec:
                  podSelector: {}
                  policyTypes: [Ingress]
                  ingress:
                  - {}
                """)
            .Expect("81/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   .   .   .   .   .   .   .   .
                x/b       .   .   .   .   .   .   .   .   .
                x/c       .   .   .   .   .   .   .   .   .
                y/a       .   .   .   .   .   .   .   .   .
                y/b       .   .   .   .   .   .   .   .   .
                y/c       .   .   .   .   .   .   .   .   .
                z/a       .   .   .   .   .   .   .   .   .
                z/b       .   .   .   .   .   .   .   .   .
                z/c       .   .   .   .   .   .   .   .   .
                """)
            .Apply("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-all-mutate-to-deny-all, namespace: x}
                spec:
                  podSelector: {}
                  policyTypes: [Ingress]
                  ingress: []
                """)
            .Expect("81/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   X   X   .   .   .   .   .   .
                x/b       X   .   X   .   .   .   .   .   .
                x/c       X   X   .   .   .   .   .   .   .
                y/a       X   X   X   .   .   .   .   .   .
                y/b       X   X   X   .   .   .   .   .   .
                y/c       X   X   X   .   .   .   .   .   .
                z/a       X   X   X   .   .   .   .   .   .
                z/b       X   X   X   .   .   .   .   .   .
                z/c       X   X   X   .   .   .   .   .   .
                """),
        new UpstreamCase("should allow ingress access from updated namespace")
            .Apply("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-client-a-via-ns-selector, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  policyTypes: [Ingress]
                  ingress:
                  - from:
                    - namespaceSelector: {matchLabels: {ns2: updated}}
                """)
            .Expect("80/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   .   .   .   .   .   .   .   .
                x/b       X   .   .   .   .   .   .   .   .
                x/c       X   .   .   .   .   .   .   .   .
                y/a       X   .   .   .   .   .   .   .   .
                y/b       X   .   .   .   .   .   .   .   .
                y/c       X   .   .   .   .   .   .   .   .
                z/a       X   .   .   .   .   .   .   .   .
                z/b       X   .   .   .   .   .   .   .   .
                z/c       X   .   .   .   .   .   .   .   .
                """)
            .LabelNamespace("y", "ns2", "updated")
            .Expect("80/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   .   .   .   .   .   .   .   .
                x/b       X   .   .   .   .   .   .   .   .
                x/c       X   .   .   .   .   .   .   .   .
                y/a       .   .   .   .   .   .   .   .   .
                y/b       .   .   .   .   .   .   .   .   .
                y/c       .   .   .   .   .   .   .   .   .
                z/a       X   .   .   .   .   .   .   .   .
                z/b       X   .   .   .   .   .   .   .   .
                z/c       X   .   .   .   .   .   .   .   .
                """),
        new UpstreamCase("should allow ingress access from updated pod")
            .Apply("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-client-a-via-pod-selector, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  policyTypes: [Ingress]
                  ingress:
                  - from:
                    - podSelector: {matchLabels: {pod: b, pod2: updated}}
                """)
            .Expect("80/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   .   .   .   .   .   .   .   .
                x/b       X   .   .   .   .   .   .   .   .
                x/c       X   .   .   .   .   .   .   .   .
                y/a       X   .   .   .   .   .   .   .   .
                y/b       X   .   .   .   .   .   .   .   .
                y/c       X   .   .   .   .   .   .   .   .
                z/a       X   .   .   .   .   .   .   .   .
                z/b       X   .   .   .   .   .   .   .   .
                z/c       X   .   .   .   .   .   .   .   .
                """)
            .LabelPod("x/b", "pod2", "updated")
            .Expect("80/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   .   .   .   .   .   .   .   .
                x/b       .   .   .   .   .   .   .   .   .
                x/c       X   .   .   .   .   .   .   .   .
                y/a       X   .   .   .   .   .   .   .   .
                y/b       X   .   .   .   .   .   .   .   .
                y/c       X   .   .   .   .   .   .   .   .
                z/a       X   .   .   .   .   .   .   .   .
                z/b       X   .   .   .   .   .   .   .   .
                z/c       X   .   .   .   .   .   .   .   .
                """),
        new UpstreamCase("should deny ingress from pods on other namespaces")
            .Apply("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: deny-empty-policy, namespace: x}
                spec:
                  podSelector: {}
                  policyTypes: [Ingress]
                  ingress:
                  - from:
                    - podSelector: {matchLabels: {}}
                """)
            .Expect("80/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   .   .   .   .   .   .   .   .
                x/b       .   .   .   .   .   .   .   .   .
                x/c       .   .   .   .   .   .   .   .   .
                y/a       X   X   X   .   .   .   .   .   .
                y/b       X   X   X   .   .   .   .   .   .
                y/c       X   X   X   .   .   .   .   .   .
                z/a       X   X   X   .   .   .   .   .   .
                z/b       X   X   X   .   .   .   .   .   .
                z/c       X   X   X   .   .   .   .   .   .
                """),
        new UpstreamCase("should deny ingress access to updated pod")
            .Apply("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: deny-ingress-via-label-selector, namespace: x}
                spec:
                  podSelector: {matchLabels: {target: isolated}}
                  policyTypes: [Ingress]
                  ingress: []
                """)
            .Expect("80/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   .   .   .   .   .   .   .   .
                x/b       .   .   .   .   .   .   .   .   .
                x/c       .   .   .   .   .   .   .   .   .
                y/a       .   .   .   .   .   .   .   .   .
                y/b       .   .   .   .   .   .   .   .   .
                y/c       .   .   .   .   .   .   .   .   .
                z/a       .   .   .   .   .   .   .   .   .
                z/b       .   .   .   .   .   .   .   .   .
                z/c       .   .   .   .   .   .   .   .   .
                """)
            .LabelPod("x/a", "target", "isolated")
            .Expect("80/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   .   .   .   .   .   .   .   .
                x/b       X   .   .   .   .   .   .   .   .
                x/c       X   .   .   .   .   .   .   .   .
                y/a       X   .   .   .   .   .   .   .   .
                y/b       X   .   .   .   .   .   .   .   .
                y/c       X   .   .   .   .   .   .   .   .
                z/a       X   .   .   .   .   .   .   .   .
                z/b       X   .   .   .   .   .   .   .   .
                z/c       X   .   .   .   .   .   .   .   .
                """),
        new UpstreamCase("should deny egress from pods based on PodSelector")
            .Apply("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: deny-egress-pod-a, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  policyTypes: [Egress]
                  egress: []
                """)
            .Expect("80/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   X   X   X   X   X   X   X   X
                x/b       .   .   .   .   .   .   .   .   .
                x/c       .   .   .   .   .   .   .   .   .
                y/a       .   .   .   .   .   .   .   .   .
                y/b       .   .   .   .   .   .   .   .   .
                y/c       .   .   .   .   .   .   .   .   .
                z/a       .   .   .   .   .   .   .   .   .
                z/b       .   .   .   .   .   .   .   .   .
                z/c       .   .   .   .   .   .   .   .   .
                """),
        new UpstreamCase("should deny egress from all pods in a namespace")
            .Apply("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: deny-egress-ns-x, namespace: x}
                spec:
                  podSelector: {}
                  policyTypes: [Egress]
                  egress: []
                """)
            .Expect("80/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   X   X   X   X   X   X   X   X
                x/b       X   .   X   X   X   X   X   X   X
                x/c       X   X   .   X   X   X   X   X   X
                y/a       .   .   .   .   .   .   .   .   .
                y/b       .   .   .   .   .   .   .   .   .
                y/c       .   .   .   .   .   .   .   .   .
                z/a       .   .   .   .   .   .   .   .   .
                z/b       .   .   .   .   .   .   .   .   .
                z/c       .   .   .   .   .   .   .   .   .
                """),
        new UpstreamCase("should work with Ingress, Egress specified together")
            .Apply("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-client-a-via-pod-selector, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  policyTypes: [Egress, Ingress]
                  ingress:
                  - from:
                    - podSelector: {matchLabels: {pod: b}}
                  egress:
                  - ports:
                    - port: 80
                """)
            .Expect("80/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   .   .   .   .   .   .   .   .
                x/b       .   .   .   .   .   .   .   .   .
                x/c       X   .   .   .   .   .   .   .   .
                y/a       X   .   .   .   .   .   .   .   .
                y/b       X   .   .   .   .   .   .   .   .
                y/c       X   .   .   .   .   .   .   .   .
                z/a       X   .   .   .   .   .   .   .   .
                z/b       X   .   .   .   .   .   .   .   .
                z/c       X   .   .   .   .   .   .   .   .
                """)
            .Expect("81/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   X   X   X   X   X   X   X   X
                x/b       .   .   .   .   .   .   .   .   .
                x/c       X   .   .   .   .   .   .   .   .
                y/a       X   .   .   .   .   .   .   .   .
                y/b       X   .   .   .   .   .   .   .   .
                y/c       X   .   .   .   .   .   .   .   .
                z/a       X   .   .   .   .   .   .   .   .
                z/b       X   .   .   .   .   .   .   .   .
                z/c       X   .   .   .   .   .   .   .   .
                """),
        new UpstreamCase("should support denying of egress traffic on the client side (even if the server explicitly allows this traffic)")
            .Apply("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-to-ns-y-pod-a, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  policyTypes: [Egress]
                  egress:
                  - to:
                    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: y}}
                      podSelector: {matchLabels: {pod: a}}
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-from-xa-on-ya-match-selector, namespace: y}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  policyTypes: [Ingress]
                  ingress:
                  - from:
                    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: x}}
                      podSelector: {matchLabels: {pod: a}}
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-from-xa-on-yb-match-selector, namespace: y}
                spec:
                  podSelector: {matchLabels: {pod: b}}
                  policyTypes: [Ingress]
                  ingress:
                  - from:
                    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: x}}
                      podSelector: {matchLabels: {pod: a}}
                """)
            .Expect("80/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   X   X   .   X   X   X   X   X
                x/b       .   .   .   X   X   .   .   .   .
                x/c       .   .   .   X   X   .   .   .   .
                y/a       .   .   .   .   X   .   .   .   .
                y/b       .   .   .   X   .   .   .   .   .
                y/c       .   .   .   X   X   .   .   .   .
                z/a       .   .   .   X   X   .   .   .   .
                z/b       .   .   .   X   X   .   .   .   .
                z/c       .   .   .   X   X   .   .   .   .
                """),
        new UpstreamCase("should enforce egress policy allowing traffic to a server in a different namespace based on PodSelector and NamespaceSelector")
            .Apply("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-to-ns-y-pod-a, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  policyTypes: [Egress]
                  egress:
                  - to:
                    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: y}}
                      podSelector: {matchLabels: {pod: a}}
                """)
            .Expect("80/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   X   X   .   X   X   X   X   X
                x/b       .   .   .   .   .   .   .   .   .
                x/c       .   .   .   .   .   .   .   .   .
                y/a       .   .   .   .   .   .   .   .   .
                y/b       .   .   .   .   .   .   .   .   .
                y/c       .   .   .   .   .   .   .   .   .
                z/a       .   .   .   .   .   .   .   .   .
                z/b       .   .   .   .   .   .   .   .   .
                z/c       .   .   .   .   .   .   .   .   .
                """),
        new UpstreamCase("should enforce ingress policy allowing any port traffic to a server on a specific protocol")
            .Apply("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-ingress-by-proto, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  policyTypes: [Ingress]
                  ingress:
                  - ports:
                    - protocol: TCP
                """)
            .Expect("80/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   .   .   .   .   .   .   .   .
                x/b       .   .   .   .   .   .   .   .   .
                x/c       .   .   .   .   .   .   .   .   .
                y/a       .   .   .   .   .   .   .   .   .
                y/b       .   .   .   .   .   .   .   .   .
                y/c       .   .   .   .   .   .   .   .   .
                z/a       .   .   .   .   .   .   .   .   .
                z/b       .   .   .   .   .   .   .   .   .
                z/c       .   .   .   .   .   .   .   .   .
                """)
            .Expect("80/UDP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   .   .   .   .   .   .   .   .
                x/b       X   .   .   .   .   .   .   .   .
                x/c       X   .   .   .   .   .   .   .   .
                y/a       X   .   .   .   .   .   .   .   .
                y/b       X   .   .   .   .   .   .   .   .
                y/c       X   .   .   .   .   .   .   .   .
                z/a       X   .   .   .   .   .   .   .   .
                z/b       X   .   .   .   .   .   .   .   .
                z/c       X   .   .   .   .   .   .   .   .
                """),
        new UpstreamCase("should enforce multiple ingress policies with ingress allow-all policy taking precedence")
            .Apply("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-ingress-port-80, namespace: x}
                spec:
                  podSelector: {}
                  policyTypes: [Ingress]
                  ingress:
                  - ports:
                    - port: 80
                """)
            .Expect("81/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   X   X   .   .   .   .   .   .
                x/b       X   .   X   .   .   .   .   .   .
                x/c       X   X   .   .   .   .   .   .   .
                y/a       X   X   X   .   .   .   .   .   .
                y/b       X   X   X   .   .   .   .   .   .
                y/c       X   X   X   .   .   .   .   .   .
                z/a       X   X   X   .   .   .   .   .   .
                z/b       X   X   X   .   .   .   .   .   .
                z/c       X   X   X   .   .   .   .   .   .
                """)
            .Apply("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-ingress, namespace: x}
                spec:
                  podSelector: {}
                  policyTypes: [Ingress]
                  ingress:
                  - {}
                """)
            .Expect("81/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   .   .   .   .   .   .   .   .
                x/b       .   .   .   .   .   .   .   .   .
                x/c       .   .   .   .   .   .   .   .   .
                y/a       .   .   .   .   .   .   .   .   .
                y/b       .   .   .   .   .   .   .   .   .
                y/c       .   .   .   .   .   .   .   .   .
                z/a       .   .   .   .   .   .   .   .   .
                z/b       .   .   .   .   .   .   .   .   .
                z/c       .   .   .   .   .   .   .   .   .
                """),
        new UpstreamCase("should enforce multiple egress policies with egress allow-all policy taking precedence")
            .Apply("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-egress-port-80, namespace: x}
                spec:
                  podSelector: {}
                  policyTypes: [Egress]
                  egress:
                  - ports:
                    - port: 80
                """)
            .Expect("81/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   X   X   X   X   X   X   X   X
                x/b       X   .   X   X   X   X   X   X   X
                x/c       X   X   .   X   X   X   X   X   X
                y/a       .   .   .   .   .   .   .   .   .
                y/b       .   .   .   .   .   .   .   .   .
                y/c       .   .   .   .   .   .   .   .   .
                z/a       .   .   .   .   .   .   .   .   .
                z/b       .   .   .   .   .   .   .   .   .
                z/c       .   .   .   .   .   .   .   .   .
                """)
            .Apply("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-egress, namespace: x}
                spec:
                  podSelector: {}
                  policyTypes: [Egress]
                  egress:
                  - {}
                """)
            .Expect("81/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   .   .   .   .   .   .   .   .
                x/b       .   .   .   .   .   .   .   .   .
                x/c       .   .   .   .   .   .   .   .   .
                y/a       .   .   .   .   .   .   .   .   .
                y/b       .   .   .   .   .   .   .   .   .
                y/c       .   .   .   .   .   .   .   .   .
                z/a       .   .   .   .   .   .   .   .   .
                z/b       .   .   .   .   .   .   .   .   .
                z/c       .   .   .   .   .   .   .   .   .
                """),
        new UpstreamCase("should stop enforcing policies after they are deleted")
            .Apply("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: deny-all, namespace: x}
                spec:
                  podSelector: {}
                  policyTypes: [Ingress, Egress]
                  ingress: []
                  egress: []
                """)
            .Expect("80/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   X   X   X   X   X   X   X   X
                x/b       X   .   X   X   X   X   X   X   X
                x/c       X   X   .   X   X   X   X   X   X
                y/a       X   X   X   .   .   .   .   .   .
                y/b       X   X   X   .   .   .   .   .   .
                y/c       X   X   X   .   .   .   .   .   .
                z/a       X   X   X   .   .   .   .   .   .
                z/b       X   X   X   .   .   .   .   .   .
                z/c       X   X   X   .   .   .   .   .   .
                """)
            .DeleteAllPolicies()
            .Expect("80/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   .   .   .   .   .   .   .   .
                x/b       .   .   .   .   .   .   .   .   .
                x/c       .   .   .   .   .   .   .   .   .
                y/a       .   .   .   .   .   .   .   .   .
                y/b       .   .   .   .   .   .   .   .   .
                y/c       .   .   .   .   .   .   .   .   .
                z/a       .   .   .   .   .   .   .   .   .
                z/b       .   .   .   .   .   .   .   .   .
                z/c       .   .   .   .   .   .   .   .   .
                """),
        new UpstreamCase("should allow egress access to server in CIDR block")
            .Apply("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-client-a-via-cidr-egress-rule, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  policyTypes: [Egress]
                  egress:
                  - to:
                    - ipBlock: {cidr: 10.2.0.2/32}   # the address of y/b
                """)
            .Expect("80/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   X   X   X   .   X   X   X   X
                x/b       .   .   .   .   .   .   .   .   .
                x/c       .   .   .   .   .   .   .   .   .
                y/a       .   .   .   .   .   .   .   .   .
                y/b       .   .   .   .   .   .   .   .   .
                y/c       .   .   .   .   .   .   .   .   .
                z/a       .   .   .   .   .   .   .   .   .
                z/b       .   .   .   .   .   .   .   .   .
                z/c       .   .   .   .   .   .   .   .   .
                """),
        new UpstreamCase("should enforce except clause while egress access to server in CIDR block")
            .Apply("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-client-a-via-cidr-egress-rule, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  policyTypes: [Egress]
                  egress:
                  - to:
                    - ipBlock:
                        cidr: 0.0.0.0/4              # the /4 around x/b's address: every pod of the model
                        except: [10.1.0.2/32]        # but x/b itself
                """)
            .Expect("80/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   X   .   .   .   .   .   .   .
                x/b       .   .   .   .   .   .   .   .   .
                x/c       .   .   .   .   .   .   .   .   .
                y/a       .   .   .   .   .   .   .   .   .
                y/b       .   .   .   .   .   .   .   .   .
                y/c       .   .   .   .   .   .   .   .   .
                z/a       .   .   .   .   .   .   .   .   .
                z/b       .   .   .   .   .   .   .   .   .
                z/c       .   .   .   .   .   .   .   .   .
                """),
        new UpstreamCase("should ensure an IP overlapping both IPBlock.CIDR and IPBlock.Except is allowed")
            .Apply("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-client-a-via-cidr-egress-rule, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  policyTypes: [Egress]
                  egress:
                  - to:
                    - ipBlock:
                        cidr: 0.0.0.0/4              # the /4 around x/b's address: every pod of the model
                        except: [10.1.0.2/32]        # but x/b itself
                """)
            .Expect("80/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   X   .   .   .   .   .   .   .
                x/b       .   .   .   .   .   .   .   .   .
                x/c       .   .   .   .   .   .   .   .   .
                y/a       .   .   .   .   .   .   .   .   .
                y/b       .   .   .   .   .   .   .   .   .
                y/c       .   .   .   .   .   .   .   .   .
                z/a       .   .   .   .   .   .   .   .   .
                z/b       .   .   .   .   .   .   .   .   .
                z/c       .   .   .   .   .   .   .   .   .
                """)
            .Apply("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-client-a-via-cidr-egress-rule, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  policyTypes: [Egress]
                  egress:
                  - to:
                    - ipBlock: {cidr: 10.1.0.2/32}   # x/b's address, excepted before the update
                """)
            .Expect("80/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   .   X   X   X   X   X   X   X
                x/b       .   .   .   .   .   .   .   .   .
                x/c       .   .   .   .   .   .   .   .   .
                y/a       .   .   .   .   .   .   .   .   .
                y/b       .   .   .   .   .   .   .   .   .
                y/c       .   .   .   .   .   .   .   .   .
                z/a       .   .   .   .   .   .   .   .   .
                z/b       .   .   .   .   .   .   .   .   .
                z/c       .   .   .   .   .   .   .   .   .
                """),
        new UpstreamCase("should enforce policies to check ingress and egress policies can be controlled independently based on PodSelector")
            .Apply("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-egress-for-target, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  policyTypes: [Egress]
                  egress:
                  - {}
                """)
            .Expect("80/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   .   .   .   .   .   .   .   .
                x/b       .   .   .   .   .   .   .   .   .
                x/c       .   .   .   .   .   .   .   .   .
                y/a       .   .   .   .   .   .   .   .   .
                y/b       .   .   .   .   .   .   .   .   .
                y/c       .   .   .   .   .   .   .   .   .
                z/a       .   .   .   .   .   .   .   .   .
                z/b       .   .   .   .   .   .   .   .   .
                z/c       .   .   .   .   .   .   .   .   .
                """)
            .Apply("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: deny-ingress-via-label-selector, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  policyTypes: [Ingress]
                  ingress: []
                """)
            .Expect("80/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   .   .   .   .   .   .   .   .
                x/b       X   .   .   .   .   .   .   .   .
                x/c       X   .   .   .   .   .   .   .   .
                y/a       X   .   .   .   .   .   .   .   .
                y/b       X   .   .   .   .   .   .   .   .
                y/c       X   .   .   .   .   .   .   .   .
                z/a       X   .   .   .   .   .   .   .   .
                z/b       X   .   .   .   .   .   .   .   .
                z/c       X   .   .   .   .   .   .   .   .
                """),
        new UpstreamCase("should not mistakenly treat 'protocol: SCTP' as 'protocol: TCP', even if the plugin doesn't support SCTP")
            .Apply("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: deny-ingress, namespace: x}
                spec:
                  podSelector: {}
                  policyTypes: [Ingress]
                  ingress: []
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-only-sctp-ingress-on-port-81, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  policyTypes: [Ingress]
                  ingress:
                  - ports:
                    - {protocol: SCTP, port: 81}
                """)
            .Expect("81/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   X   X   .   .   .   .   .   .
                x/b       X   .   X   .   .   .   .   .   .
                x/c       X   X   .   .   .   .   .   .   .
                y/a       X   X   X   .   .   .   .   .   .
                y/b       X   X   X   .   .   .   .   .   .
                y/c       X   X   X   .   .   .   .   .   .
                z/a       X   X   X   .   .   .   .   .   .
                z/b       X   X   X   .   .   .   .   .   .
                z/c       X   X   X   .   .   .   .   .   .
                """),
        new UpstreamCase("should properly isolate pods that are selected by a policy allowing SCTP, even if the plugin doesn't support SCTP")
            .Apply("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-only-sctp-ingress-on-port-80, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  policyTypes: [Ingress]
                  ingress:
                  - ports:
                    - {protocol: SCTP, port: 80}
                """)
            .Expect("81/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   .   .   .   .   .   .   .   .
                x/b       X   .   .   .   .   .   .   .   .
                x/c       X   .   .   .   .   .   .   .   .
                y/a       X   .   .   .   .   .   .   .   .
                y/b       X   .   .   .   .   .   .   .   .
                y/c       X   .   .   .   .   .   .   .   .
                z/a       X   .   .   .   .   .   .   .   .
                z/b       X   .   .   .   .   .   .   .   .
                z/c       X   .   .   .   .   .   .   .   .
                """),
        new UpstreamCase("should not allow access by TCP when a policy specifies only UDP")
            .Apply("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-only-udp-ingress-on-port-81, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  policyTypes: [Ingress]
                  ingress:
                  - ports:
                    - {protocol: UDP, port: 81}
                """)
            .Expect("81/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   .   .   .   .   .   .   .   .
                x/b       X   .   .   .   .   .   .   .   .
                x/c       X   .   .   .   .   .   .   .   .
                y/a       X   .   .   .   .   .   .   .   .
                y/b       X   .   .   .   .   .   .   .   .
                y/c       X   .   .   .   .   .   .   .   .
                z/a       X   .   .   .   .   .   .   .   .
                z/b       X   .   .   .   .   .   .   .   .
                z/c       X   .   .   .   .   .   .   .   .
                """),
        new UpstreamCase("should enforce policy to allow traffic based on NamespaceSelector with MatchLabels using default ns label")
            .Apply("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-client-a-via-ns-selector-for-immutable-ns-label, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  policyTypes: [Ingress]
                  ingress:
                  - from:
                    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: y}}
                """)
            .Expect("80/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   .   .   .   .   .   .   .   .
                x/b       X   .   .   .   .   .   .   .   .
                x/c       X   .   .   .   .   .   .   .   .
                y/a       .   .   .   .   .   .   .   .   .
                y/b       .   .   .   .   .   .   .   .   .
                y/c       .   .   .   .   .   .   .   .   .
                z/a       X   .   .   .   .   .   .   .   .
                z/b       X   .   .   .   .   .   .   .   .
                z/c       X   .   .   .   .   .   .   .   .
                """),
        new UpstreamCase("should enforce policy based on NamespaceSelector with MatchExpressions using default ns label")
            .Apply("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-ns-y-match-selector-for-immutable-ns-label, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  policyTypes: [Egress]
                  egress:
                  - to:
                    - namespaceSelector:
                        matchExpressions:
                        - {key: kubernetes.io/metadata.name, operator: NotIn, values: [y]}
                """)
            .Expect("80/TCP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   .   .   X   X   X   .   .   .
                x/b       .   .   .   .   .   .   .   .   .
                x/c       .   .   .   .   .   .   .   .   .
                y/a       .   .   .   .   .   .   .   .   .
                y/b       .   .   .   .   .   .   .   .   .
                y/c       .   .   .   .   .   .   .   .   .
                z/a       .   .   .   .   .   .   .   .   .
                z/b       .   .   .   .   .   .   .   .   .
                z/c       .   .   .   .   .   .   .   .   .
                """),
        new UpstreamCase("using UDP: should support a 'default-deny-ingress' policy")
            .Apply("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: deny-all, namespace: x}
                spec:
                  podSelector: {}
                  policyTypes: [Ingress]
                  ingress: []
                """)
            .Expect("80/UDP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   X   X   .   .   .   .   .   .
                x/b       X   .   X   .   .   .   .   .   .
                x/c       X   X   .   .   .   .   .   .   .
                y/a       X   X   X   .   .   .   .   .   .
                y/b       X   X   X   .   .   .   .   .   .
                y/c       X   X   X   .   .   .   .   .   .
                z/a       X   X   X   .   .   .   .   .   .
                z/b       X   X   X   .   .   .   .   .   .
                z/c       X   X   X   .   .   .   .   .   .
                """),
        new UpstreamCase("using UDP: should enforce policy based on Ports")
            .Apply("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-ingress-on-port-81-ns-x, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  policyTypes: [Ingress]
                  ingress:
                  - from:
                    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: y}}
                    ports:
                    - {protocol: UDP, port: 81}
                """)
            .Expect("81/UDP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   .   .   .   .   .   .   .   .
                x/b       X   .   .   .   .   .   .   .   .
                x/c       X   .   .   .   .   .   .   .   .
                y/a       .   .   .   .   .   .   .   .   .
                y/b       .   .   .   .   .   .   .   .   .
                y/c       .   .   .   .   .   .   .   .   .
                z/a       X   .   .   .   .   .   .   .   .
                z/b       X   .   .   .   .   .   .   .   .
                z/c       X   .   .   .   .   .   .   .   .
                """),
        new UpstreamCase("using UDP: should enforce policy to allow traffic only from a pod in a different namespace based on PodSelector and NamespaceSelector")
            .Apply("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-ns-y-pod-a-via-namespace-pod-selector, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  policyTypes: [Ingress]
                  ingress:
                  - from:
                    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: y}}
                      podSelector: {matchLabels: {pod: a}}
                """)
            .Expect("80/UDP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   .   .   .   .   .   .   .   .
                x/b       X   .   .   .   .   .   .   .   .
                x/c       X   .   .   .   .   .   .   .   .
                y/a       .   .   .   .   .   .   .   .   .
                y/b       X   .   .   .   .   .   .   .   .
                y/c       X   .   .   .   .   .   .   .   .
                z/a       X   .   .   .   .   .   .   .   .
                z/b       X   .   .   .   .   .   .   .   .
                z/c       X   .   .   .   .   .   .   .   .
                """),
        new UpstreamCase("using SCTP: should support a 'default-deny-ingress' policy")
            .Apply("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: deny-all, namespace: x}
                spec:
                  podSelector: {}
                  policyTypes: [Ingress]
                  ingress: []
                """)
            .Expect("80/SCTP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   X   X   .   .   .   .   .   .
                x/b       X   .   X   .   .   .   .   .   .
                x/c       X   X   .   .   .   .   .   .   .
                y/a       X   X   X   .   .   .   .   .   .
                y/b       X   X   X   .   .   .   .   .   .
                y/c       X   X   X   .   .   .   .   .   .
                z/a       X   X   X   .   .   .   .   .   .
                z/b       X   X   X   .   .   .   .   .   .
                z/c       X   X   X   .   .   .   .   .   .
                """),
        new UpstreamCase("using SCTP: should enforce policy based on Ports")
            .Apply("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-ingress-on-port-81-ns-x, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  policyTypes: [Ingress]
                  ingress:
                  - from:
                    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: y}}
                    ports:
                    - {protocol: SCTP, port: 81}
                """)
            .Expect("81/SCTP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   .   .   .   .   .   .   .   .
                x/b       X   .   .   .   .   .   .   .   .
                x/c       X   .   .   .   .   .   .   .   .
                y/a       .   .   .   .   .   .   .   .   .
                y/b       .   .   .   .   .   .   .   .   .
                y/c       .   .   .   .   .   .   .   .   .
                z/a       X   .   .   .   .   .   .   .   .
                z/b       X   .   .   .   .   .   .   .   .
                z/c       X   .   .   .   .   .   .   .   .
                """),
        new UpstreamCase("using SCTP: should enforce policy to allow traffic only from a pod in a different namespace based on PodSelector and NamespaceSelector")
            .Apply("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-ns-y-pod-a-via-namespace-pod-selector, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  policyTypes: [Ingress]
                  ingress:
                  - from:
                    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: y}}
                      podSelector: {matchLabels: {pod: a}}
                """)
            .Expect("80/SCTP", """
                from\to x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a       .   .   .   .   .   .   .   .   .
                x/b       X   .   .   .   .   .   .   .   .
                x/c       X   .   .   .   .   .   .   .   .
                y/a       .   .   .   .   .   .   .   .   .
                y/b       X   .   .   .   .   .   .   .   .
                y/c       X   .   .   .   .   .   .   .   .
                z/a       X   .   .   .   .   .   .   .   .
                z/b       X   .   .   .   .   .   .   .   .
                z/c       X   .   .   .   .   .   .   .   .
                """),
    ];
}
