package com.kyeol.platform.addons;

import com.kyeol.platform.aws.AwsTarget;
import com.kyeol.platform.aws.PodIdentity;
import com.kyeol.platform.aws.PolicyDocuments;
import com.kyeol.platform.cluster.ClusterComponent;
import com.kyeol.platform.k8s.KubernetesObject;
import com.kyeol.platform.k8s.PodResources;
import com.kyeol.platform.security.PodSecurity;
import com.pulumi.core.Output;
import com.pulumi.kubernetes.helm.v3.Release;
import com.pulumi.kubernetes.meta.v1.inputs.ObjectMetaArgs;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The External Secrets Operator on one cluster, the same on the hub and on every spoke: its own Pod Identity role
 * that may do exactly what it is given (read these secrets, decrypt their keys through Secrets Manager), the chart
 * with its CRDs, and the {@value #STORE} ClusterSecretStore (AWS Secrets Manager in the cluster's region,
 * authenticated by the controller's own identity, so no credentials anywhere). ExternalSecrets that use the store
 * depend on {@link #store}.
 *
 * @param release the chart (installs the external-secrets.io CRDs)
 * @param store   the ClusterSecretStore every ExternalSecret of the cluster refers to
 */
public record ExternalSecrets(Release release, KubernetesObject store) {

    public static final String NAMESPACE = "external-secrets";
    public static final String SERVICE_ACCOUNT = "external-secrets";
    public static final String STORE = "aws-secrets-manager";

    /**
     * @param name        the stack: resources are named {@code <name>-external-secrets…} and {@code <name>-secret-store}
     * @param readPolicy  what the operator's role may do: read the cluster's secrets (and decrypt their keys)
     * @param after       what the release waits for: the cluster's workloads readiness, which includes the load balancer
     *                    controller (its webhooks fail closed)
     * @param description what the operator's role is for, on this cluster
     * @param parent      the component the operator belongs to on this cluster
     */
    public static ExternalSecrets install(String name, ClusterComponent cluster, Output<String> readPolicy, List<Resource> after,
                                          String description, AwsTarget aws, Resource parent) {
        var identity = new PodIdentity(name, name + "-external-secrets", description, cluster.podIdentity, NAMESPACE,
                List.of(SERVICE_ACCOUNT), readPolicy, aws, parent);
        // Created here, not by Helm (createNamespace), so that it carries its Pod Security labels: every ESO pod meets
        // restricted with the chart's defaults (non-root 1000, no privilege escalation, ALL dropped, RuntimeDefault).
        var namespace = PodSecurity.restricted(name + "-external-secrets-namespace", NAMESPACE, CustomResourceOptions.builder()
                .parent(parent).provider(cluster.kubernetes).dependsOn(cluster.readyForWorkloads).build());
        List<Resource> dependencies = new ArrayList<>(after);
        dependencies.addAll(identity.ready());
        dependencies.add(namespace);
        // One controller: the chart does not elect a leader unless told, so two replicas would both reconcile every
        // ExternalSecret.
        var release = new Release(name + "-external-secrets", HelmChart.EXTERNAL_SECRETS.release("external-secrets", NAMESPACE,
                Output.of(PolicyDocuments.ordered(
                        "installCRDs", true,
                        "replicaCount", 1,
                        "resources", PodResources.of("25m", "96Mi", "256Mi"),
                        "serviceAccount", Map.of("create", true, "name", SERVICE_ACCOUNT),
                        "webhook", Map.of("replicaCount", 1, "resources", PodResources.of("10m", "64Mi", "128Mi")),
                        "certController", Map.of("replicaCount", 1, "resources", PodResources.of("10m", "64Mi", "128Mi")))), 600)
                .build(), CustomResourceOptions.builder().parent(parent).provider(cluster.kubernetes).dependsOn(dependencies).build());
        // Pod Identity supplies the credentials: no auth block (ESO uses the controller's own identity).
        var store = new KubernetesObject(name + "-secret-store", "external-secrets.io/v1", "ClusterSecretStore",
                ObjectMetaArgs.builder().name(STORE).build(),
                Output.of(Map.of("provider", Map.of("aws", Map.of("service", "SecretsManager", "region", aws.region())))),
                CustomResourceOptions.builder().parent(parent).provider(cluster.kubernetes).dependsOn(release).build());
        return new ExternalSecrets(release, store);
    }

    /** Read these secrets (encrypted with Secrets Manager's own key: no key policy of ours to grant). */
    public static Output<String> readPolicy(Output<List<String>> secretArns) {
        return secretArns.applyValue(arns -> PolicyDocuments.document(List.of(PolicyDocuments.allow(
                List.of("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"), arns, Map.of()))));
    }
}
