package com.kyeol.platform.addons;

import com.kyeol.platform.aws.AwsTarget;
import com.kyeol.platform.aws.PodIdentity;
import com.kyeol.platform.aws.PolicyDocuments;
import com.kyeol.platform.cluster.ClusterComponent;
import com.kyeol.platform.data.AppSecrets;
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
import java.util.Optional;

/**
 * The External Secrets Operator on one cluster, the same on the hub and on every spoke: its namespace (Pod Security
 * restricted), its own Pod Identity role (what it may read is the caller's policy), the chart with its CRDs
 * (external-secrets.io and generators.external-secrets.io), and the {@value #STORE} ClusterSecretStore (AWS Secrets
 * Manager in the cluster's region, authenticated by the controller's own identity: no credentials anywhere). One
 * controller: the chart does not elect a leader unless told, so two replicas would both reconcile every
 * ExternalSecret. Objects that use the store depend on {@link #store}; objects of the generator kinds on {@link #release}.
 */
public record ExternalSecrets(Release release, KubernetesObject store) {

    public static final String NAMESPACE = "external-secrets";
    public static final String SERVICE_ACCOUNT = "external-secrets";
    public static final String STORE = "aws-secrets-manager";

    /**
     * @param name              the stack: resources are named {@code <name>-external-secrets…} and {@code <name>-secret-store}
     * @param readPolicy        what the operator's role may do (read these secrets, decrypt their keys)
     * @param readyForWorkloads what a release on this cluster waits for (nodes, DNS, the load balancer controller)
     * @param parent            the component the operator belongs to on this cluster
     */
    public static ExternalSecrets install(String name, ClusterComponent cluster, Output<String> readPolicy, List<Resource> readyForWorkloads,
                                          String description, AwsTarget aws, Resource parent) {
        var identity = new PodIdentity(name, name + "-external-secrets", description, cluster.podIdentity, NAMESPACE,
                List.of(SERVICE_ACCOUNT), readPolicy, aws, parent);
        // Created here, not by Helm (createNamespace), so that it carries its Pod Security labels: every ESO pod meets
        // restricted with the chart's defaults (non-root 1000, no privilege escalation, ALL dropped, RuntimeDefault).
        var namespace = PodSecurity.restricted(name + "-external-secrets-namespace", NAMESPACE, CustomResourceOptions.builder()
                .parent(parent).provider(cluster.kubernetes).dependsOn(cluster.readyForWorkloads).build());
        List<Resource> dependencies = new ArrayList<>(readyForWorkloads);
        dependencies.addAll(identity.ready());
        dependencies.add(namespace);
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

    /**
     * A secret the operator reads for one piece of the cluster, and the customer-managed key that encrypts it (empty:
     * Secrets Manager's own key, whose key policy lets the account's principals decrypt through Secrets Manager).
     */
    public record Read(Output<String> secretArn, Optional<Output<String>> keyArn) {
    }

    /**
     * The one read policy of a cluster's operator, for every piece that needs a secret: GetSecretValue on each secret,
     * kms:Decrypt on each customer-managed key through Secrets Manager only ({@link AppSecrets#readPolicy}).
     */
    public static Output<String> readPolicy(List<Read> reads, String region) {
        Output<List<String>> secrets = Output.all(reads.stream().map(Read::secretArn).toList());
        Output<List<String>> keys = Output.all(reads.stream().flatMap(r -> r.keyArn().stream()).toList());
        return Output.tuple(secrets, keys).applyValue(t -> AppSecrets.readPolicy(t.t1, t.t2, region));
    }
}
