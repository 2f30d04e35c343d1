package com.kyeol.platform.addons;

import com.kyeol.platform.aws.AwsTarget;
import com.kyeol.platform.aws.PodIdentity;
import com.kyeol.platform.aws.PolicyDocuments;
import com.kyeol.platform.cluster.ClusterComponent;
import com.kyeol.platform.k8s.KubernetesObject;
import com.pulumi.core.Output;
import com.pulumi.kubernetes.helm.v3.Release;
import com.pulumi.kubernetes.meta.v1.inputs.ObjectMetaArgs;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The External Secrets Operator on one cluster, the same on the hub and on every spoke: its own Pod Identity role
 * that may read exactly the secrets it is given, the chart with its CRDs, and the {@value #STORE} ClusterSecretStore
 * (AWS Secrets Manager in the cluster's region, authenticated by the controller's own identity, so no credentials
 * anywhere). ExternalSecrets that use the store depend on {@link #store}.
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
     * @param secretArns  the Secrets Manager secrets the operator may read
     * @param replicas    controller replicas (leader election is on when there is more than one)
     * @param after       releases this one is ordered after (the cluster's load balancer controller: its webhooks fail closed)
     * @param description what the operator's role is for, on this cluster
     * @param parent      the component the operator belongs to on this cluster
     */
    public static ExternalSecrets install(String name, ClusterComponent cluster, Output<List<String>> secretArns, int replicas,
                                          List<Resource> after, String description, AwsTarget aws, Resource parent) {
        var identity = new PodIdentity(name, name + "-external-secrets", description, cluster.podIdentityTrust(),
                secretArns.applyValue(arns -> PolicyDocuments.document(List.of(PolicyDocuments.allow(
                        List.of("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"), arns, Map.of())))),
                cluster.clusterName, aws, parent).associate(NAMESPACE, SERVICE_ACCOUNT);
        List<Resource> dependencies = new ArrayList<>(cluster.readyForWorkloads);
        dependencies.addAll(identity.ready());
        dependencies.addAll(after);
        var release = new Release(name + "-external-secrets",
                HelmChart.EXTERNAL_SECRETS.release("external-secrets", NAMESPACE, Output.of(values(replicas)), 600)
                        .createNamespace(true).build(),
                CustomResourceOptions.builder().parent(parent).provider(cluster.kubernetes).dependsOn(dependencies).build());
        // Pod Identity supplies the credentials: no auth block (ESO uses the controller's own identity).
        var store = new KubernetesObject(name + "-secret-store", "external-secrets.io/v1", "ClusterSecretStore",
                ObjectMetaArgs.builder().name(STORE).build(),
                Output.of(Map.of("provider", Map.of("aws", Map.of("service", "SecretsManager", "region", aws.region())))),
                CustomResourceOptions.builder().parent(parent).provider(cluster.kubernetes).dependsOn(release).build());
        return new ExternalSecrets(release, store);
    }

    /** Explicit requests for the controller, its webhook and the webhook's certificate controller. */
    static Map<String, Object> values(int replicas) {
        Map<String, Object> small = Map.of("requests", Map.of("cpu", "10m", "memory", "64Mi"), "limits", Map.of("memory", "256Mi"));
        var values = new LinkedHashMap<String, Object>();
        values.put("installCRDs", true);
        values.put("replicaCount", replicas);
        values.put("leaderElect", replicas > 1);
        values.put("podDisruptionBudget", Map.of("enabled", replicas > 1, "minAvailable", 1));
        values.put("serviceAccount", Map.of("create", true, "name", SERVICE_ACCOUNT));
        values.put("resources", small);
        values.put("webhook", Map.of("resources", small));
        values.put("certController", Map.of("resources", small));
        return values;
    }
}
