package com.kyeol.platform.cluster;

import com.kyeol.platform.config.Cidr;
import com.kyeol.platform.config.SettingsLoader;
import com.kyeol.platform.plan.Plan;
import com.kyeol.platform.plan.PlannedResource;
import com.kyeol.platform.support.TestPlans;
import com.kyeol.platform.support.TestStacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static com.kyeol.platform.support.PlanAssertions.list;
import static com.kyeol.platform.support.PlanAssertions.map;
import static com.kyeol.platform.support.PlanAssertions.named;
import static com.kyeol.platform.support.PlanAssertions.one;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The EKS cluster of every stack file: secured control plane, node group, pinned managed add-ons. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterPlanTest {


    List<String> stacks() {
        return TestStacks.stacks();
    }

    private PlannedResource cluster(String stack) {
        return one(TestPlans.of(stack), "aws:eks/cluster:Cluster");
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void apiAuthenticationWithAccessEntriesAndNoAwsAuthConfigMap(String stack) {
        Map<String, Object> access = map(cluster(stack).inputs().get("accessConfig"));
        assertEquals("API", access.get("authenticationMode"));
        assertEquals(false, access.get("bootstrapClusterCreatorAdminPermissions"),
                "no hidden creator entry: it would collide with the deploy identity's entry when CI creates the cluster");
        assertTrue(TestPlans.of(stack).resources().stream().noneMatch(r -> r.name().contains("aws-auth")));
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void secretsAreEnvelopeEncryptedWithARotatingKey(String stack) {
        var key = named(TestPlans.of(stack), "aws:kms/key:Key", stack + "-eks-secrets");
        assertEquals(true, key.inputs().get("enableKeyRotation"));
        Map<String, Object> encryption = map(cluster(stack).inputs().get("encryptionConfig"));
        assertEquals(List.of("secrets"), encryption.get("resources"));
        assertTrue(((String) map(encryption.get("provider")).get("keyArn")).startsWith("arn:aws:kms:"));
        assertTrue(cluster(stack).dependsOn().contains(key.urn()));
        assertEquals(TestPlans.settings(stack).tier().isProductionLike(), key.protect(), "losing the key loses every secret");
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void allFiveControlPlaneLogTypesIntoALogGroupWithRetention(String stack) {
        assertEquals(List.of("api", "audit", "authenticator", "controllerManager", "scheduler"),
                cluster(stack).inputs().get("enabledClusterLogTypes"));
        var logGroup = named(TestPlans.of(stack), "aws:cloudwatch/logGroup:LogGroup", stack + "-eks-control-plane");
        assertEquals("/aws/eks/kyeol-" + stack + "/cluster", logGroup.inputs().get("name"));
        assertEquals((long) TestPlans.settings(stack).cluster().logRetentionDays(), logGroup.inputs().get("retentionInDays"));
        assertTrue(cluster(stack).dependsOn().contains(logGroup.urn()), "the group exists before EKS writes to it");
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void privateEndpointAndAPublicOneRestrictedToConfiguredCidrs(String stack) {
        Map<String, Object> vpc = map(cluster(stack).inputs().get("vpcConfig"));
        assertEquals(true, vpc.get("endpointPrivateAccess"));
        List<String> cidrs = new java.util.ArrayList<>(TestPlans.settings(stack).cluster().publicAccessCidrs().stream().map(Cidr::toString).toList());
        if (TestPlans.settings(stack).spoke().isPresent()) {
            // Workload stacks also let the hub's ArgoCD in, by its NAT address.
            cidrs.add(TestPlans.of(TestPlans.settings(stack).spoke().get().hubStackName()).outputs().get("natPublicIp") + "/32");
        }
        assertEquals(cidrs, vpc.get("publicAccessCidrs"));
        assertEquals(!cidrs.isEmpty(), vpc.get("endpointPublicAccess"));
        assertFalse(cidrs.contains("0.0.0.0/0"));
        assertEquals(TestPlans.of(stack).outputs().get("privateSubnetIds"), vpc.get("subnetIds"));
        assertEquals(TestPlans.settings(stack).cluster().version(), cluster(stack).inputs().get("version"));
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void noSecurityGroupOfOursCarriesTheClusterTag(String stack) {
        // EKS tags the cluster security group it creates; a second tagged group breaks the ALB controller.
        TestPlans.of(stack).resources().stream()
                .filter(r -> r.type().equals("aws:ec2/securityGroup:SecurityGroup"))
                .forEach(sg -> assertFalse(String.valueOf(sg.inputs().get("tags")).contains("kubernetes.io/cluster/"), sg.urn()));
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void nodeGroupHasTheSeedsSizesOnAl2023WithImdsV2AndEncryptedGp3(String stack) {
        Plan plan = TestPlans.of(stack);
        var nodes = one(plan, "aws:eks/nodeGroup:NodeGroup");
        var sizes = TestPlans.settings(stack).cluster().nodeGroup();
        assertEquals(Map.of("desiredSize", (long) sizes.desiredSize(), "minSize", (long) sizes.minSize(),
                "maxSize", (long) sizes.maxSize()), nodes.inputs().get("scalingConfig"));
        assertEquals("AL2023_x86_64_STANDARD", nodes.inputs().get("amiType"));
        assertEquals(List.of(sizes.instanceType()), nodes.inputs().get("instanceTypes"));
        assertEquals(null, nodes.inputs().get("remoteAccess"), "no SSH");
        Map<String, Object> tags = map(nodes.inputs().get("tags"));
        assertEquals("true", tags.get("k8s.io/cluster-autoscaler/enabled"));
        assertEquals("owned", tags.get("k8s.io/cluster-autoscaler/kyeol-" + stack));

        var template = one(plan, "aws:ec2/launchTemplate:LaunchTemplate");
        Map<String, Object> metadata = map(template.inputs().get("metadataOptions"));
        assertEquals("required", metadata.get("httpTokens"));
        assertEquals(1L, metadata.get("httpPutResponseHopLimit"));
        Map<String, Object> ebs = map(map(list(template.inputs().get("blockDeviceMappings")).get(0)).get("ebs"));
        assertEquals("gp3", ebs.get("volumeType"));
        assertEquals("true", ebs.get("encrypted"));
        assertTrue(nodes.dependsOn().contains(template.urn()));
    }

    @Test
    void changingSizesKeepsTheSameNodeGroup() {
        var config = TestStacks.edit(TestStacks.config("dev"), "kyeol-platform:cluster", "nodeGroup",
                Map.of("instanceType", "t3.medium", "desiredSize", 1, "minSize", 1, "maxSize", 4));
        Plan resized = TestPlans.run(config, SettingsLoader.load(config, List.of()));
        var before = one(TestPlans.of("dev"), "aws:eks/nodeGroup:NodeGroup");
        var after = one(resized, "aws:eks/nodeGroup:NodeGroup");
        assertEquals(before.urn(), after.urn());
        assertEquals(4L, map(after.inputs().get("scalingConfig")).get("maxSize"));
        // Everything that would force a replacement (name, subnets, AMI, instance types, template) is unchanged.
        for (String key : List.of("nodeGroupName", "subnetIds", "amiType", "instanceTypes", "launchTemplate", "nodeRoleArn")) {
            assertEquals(before.inputs().get(key), after.inputs().get(key), key);
        }
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void managedAddOnsArePinnedForTheKubernetesVersionAndOrderedAroundTheNodes(String stack) {
        Plan plan = TestPlans.of(stack);
        var versions = KubernetesVersions.of(TestPlans.settings(stack).cluster().version()).orElseThrow();
        Map<Object, Object> pinned = plan.ofType("aws:eks/addon:Addon").stream()
                .collect(Collectors.toMap(a -> a.inputs().get("addonName"), a -> a.inputs().get("addonVersion")));
        assertEquals(Map.of("vpc-cni", versions.vpcCni(), "coredns", versions.coreDns(), "kube-proxy", versions.kubeProxy(),
                "eks-pod-identity-agent", versions.podIdentityAgent(), "aws-ebs-csi-driver", versions.ebsCsiDriver()), pinned);
        var nodes = one(plan, "aws:eks/nodeGroup:NodeGroup");
        for (String before : List.of("vpc-cni", "kube-proxy", "eks-pod-identity-agent")) {
            assertTrue(nodes.dependsOn().contains(named(plan, "aws:eks/addon:Addon", stack + "-" + before).urn()), before);
        }
        for (String after : List.of("coredns", "aws-ebs-csi-driver")) {
            assertTrue(named(plan, "aws:eks/addon:Addon", stack + "-" + after).dependsOn().contains(nodes.urn()), after);
        }
        var ebs = named(plan, "aws:eks/addon:Addon", stack + "-aws-ebs-csi-driver");
        Map<String, Object> association = map(list(ebs.inputs().get("podIdentityAssociations")).get(0));
        assertEquals("ebs-csi-controller-sa", association.get("serviceAccount"));
    }

    @Test
    void theOperationsDocListsEveryPinAndHowToConfirmItForItsKubernetesVersion() throws Exception {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("docs/operations.md"));
        for (String kubernetes : KubernetesVersions.supported()) {
            var v = KubernetesVersions.of(kubernetes).orElseThrow();
            for (String pin : List.of(v.vpcCni(), v.coreDns(), v.kubeProxy(), v.podIdentityAgent(), v.ebsCsiDriver())) {
                assertTrue(readme.contains(pin), "docs/operations.md does not list the pin " + pin);
            }
            assertTrue(readme.contains("--kubernetes-version " + kubernetes), "docs/operations.md does not say how to confirm the " + kubernetes + " pins");
        }
        String loop = readme.substring(readme.indexOf("for addon in "), readme.indexOf("; do", readme.indexOf("for addon in ")));
        assertEquals(Set.copyOf(TestPlans.of("dev").ofType("aws:eks/addon:Addon").stream().map(a -> a.inputs().get("addonName")).toList()),
                Set.of((Object[]) loop.substring("for addon in ".length()).split(" ")), "the confirmation loop names every add-on");
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void coreDnsAndKubeProxyRequestCpuAndMemoryExplicitly(String stack) {
        Plan plan = TestPlans.of(stack);
        Map<String, Object> requests = Map.of("cpu", "100m", "memory", "70Mi");
        Object coreDnsJson = named(plan, "aws:eks/addon:Addon", stack + "-coredns").inputs().get("configurationValues");
        assertTrue(coreDnsJson instanceof String, "coredns has no configurationValues: its requests are the add-on's, not ours");
        Map<?, ?> coreDns = new com.google.gson.Gson().fromJson((String) coreDnsJson, Map.class);
        assertEquals(2.0, coreDns.get("replicaCount"));
        assertEquals(requests, ((Map<?, ?>) coreDns.get("resources")).get("requests"));
        Map<?, ?> kubeProxy = new com.google.gson.Gson().fromJson((String) named(plan, "aws:eks/addon:Addon", stack + "-kube-proxy")
                .inputs().get("configurationValues"), Map.class);
        assertEquals(Map.of("cpu", "100m", "memory", "64Mi"), ((Map<?, ?>) kubeProxy.get("resources")).get("requests"));
    }

    @Test
    void adminPrincipalsGetAccessEntriesWithClusterAdmin() {
        String admin = "arn:aws:iam::123456789012:role/platform-admin";
        var config = TestStacks.edit(TestStacks.config("dev"), "kyeol-platform:cluster", "adminPrincipalArns", List.of(admin));
        Plan plan = TestPlans.run(config, SettingsLoader.load(config, List.of()));
        var entry = named(plan, "aws:eks/accessEntry:AccessEntry", "dev-admin-0");
        assertEquals(admin, entry.inputs().get("principalArn"));
        var association = named(plan, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation", "dev-admin-0-cluster-admin");
        assertEquals("arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", association.inputs().get("policyArn"));
        assertEquals(Map.of("type", "cluster"), association.inputs().get("accessScope"));
        assertTrue(association.dependsOn().contains(entry.urn()));
        assertTrue(TestPlans.of("dev").ofType("aws:eks/accessEntry:AccessEntry").stream().noneMatch(e -> e.name().startsWith("dev-admin")),
                "none without admins configured");
        var provider = named(plan, "pulumi:providers:kubernetes", "dev-k8s");
        assertTrue(provider.dependsOn().contains(association.urn()), "an admin running `pulumi up` by hand is admitted first");
    }

    /** The CI identities as a stack sees them: the hub's own outputs, or what its stack reference reads from the hub. */
    private static Map<String, Object> ciRoles(String stack) {
        var settings = TestPlans.settings(stack);
        String hub = settings.spoke().map(s -> s.hubStackName()).orElse(stack);
        var outputs = TestPlans.of(hub).outputs();
        return Map.of("deploy", outputs.get("ciDeployRoleArn"), "preview", outputs.get("ciPreviewRoleArn"));
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void everyClusterAdmitsTheCiDeployIdentityAsAdminAndThePreviewIdentityToReadEverything(String stack) {
        Plan plan = TestPlans.of(stack);
        Map<String, Object> roles = ciRoles(stack);
        assertTrue(String.valueOf(roles.get("deploy")).startsWith("arn:aws:iam::") && !roles.get("deploy").equals(roles.get("preview")));
        var deploy = named(plan, "aws:eks/accessEntry:AccessEntry", stack + "-ci-deploy-access");
        var preview = named(plan, "aws:eks/accessEntry:AccessEntry", stack + "-ci-preview-access");
        assertEquals(roles.get("deploy"), deploy.inputs().get("principalArn"));
        assertEquals(roles.get("preview"), preview.inputs().get("principalArn"));
        assertEquals("STANDARD", deploy.inputs().get("type"));
        assertEquals("kyeol-" + stack, deploy.inputs().get("clusterName"));
        assertEquals("kyeol-" + stack, preview.inputs().get("clusterName"));

        var deployPolicy = named(plan, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation", stack + "-ci-deploy-access-cluster-admin");
        var previewPolicy = named(plan, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation", stack + "-ci-preview-access-admin-view");
        assertEquals("arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", deployPolicy.inputs().get("policyArn"));
        assertEquals("arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminViewPolicy", previewPolicy.inputs().get("policyArn"),
                "read everything a refresh reads, Secrets and Helm's release records included; AmazonEKSViewPolicy has no Secrets");
        assertEquals(roles.get("preview"), previewPolicy.inputs().get("principalArn"));
        for (var association : List.of(deployPolicy, previewPolicy)) {
            assertEquals(Map.of("type", "cluster"), association.inputs().get("accessScope"));
        }
        assertTrue(deployPolicy.dependsOn().contains(deploy.urn()) && previewPolicy.dependsOn().contains(preview.urn()));
        // Only these entries, the configured admins and (workloads) ArgoCD's spoke role: nothing else may use the cluster.
        Set<String> entries = plan.ofType("aws:eks/accessEntry:AccessEntry").stream().map(PlannedResource::name).collect(Collectors.toSet());
        Set<String> expected = new java.util.HashSet<>(Set.of(stack + "-ci-deploy-access", stack + "-ci-preview-access"));
        for (int i = 0; i < TestPlans.settings(stack).cluster().adminPrincipalArns().size(); i++) {
            expected.add(stack + "-admin-" + i);
        }
        TestPlans.settings(stack).spoke().ifPresent(s -> expected.add(stack + "-argocd-spoke"));
        assertEquals(expected, entries);
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void theKubernetesProviderWaitsForEveryAccessThatMayRunThisStack(String stack) {
        Plan plan = TestPlans.of(stack);
        var provider = named(plan, "pulumi:providers:kubernetes", stack + "-k8s");
        var associations = plan.ofType("aws:eks/accessPolicyAssociation:AccessPolicyAssociation").stream()
                .filter(a -> !a.name().contains("argocd-spoke")).map(PlannedResource::urn).toList();
        assertTrue(associations.size() >= 2, associations::toString);
        assertTrue(provider.dependsOn().containsAll(associations),
                "whoever runs `pulumi up` (CI deploy or a listed admin) must be admitted before the first in-cluster call");
    }

    @ParameterizedTest
    @MethodSource("stacks")
    void everyInClusterResourceUsesThisClustersKubernetesProvider(String stack) {
        Plan plan = TestPlans.of(stack);
        var provider = named(plan, "pulumi:providers:kubernetes", stack + "-k8s");
        assertTrue(((String) provider.inputs().get("kubeconfig")).contains("\"get-token\""), "exec auth, no static token");
        var inCluster = plan.resources().stream().filter(r -> r.type().startsWith("kubernetes:")).toList();
        assertFalse(inCluster.isEmpty());
        // The only other Kubernetes provider is the hub's, and only the environment's registrations there use it: ArgoCD's,
        // and the telemetry route and alert rules.
        var hubObjects = Set.of("kubernetes:core/v1:Secret::" + stack + "-argocd-cluster",
                "kubernetes:argoproj.io/v1alpha1:AppProject::" + stack + "-argocd-project",
                "kubernetes:argoproj.io/v1alpha1:Application::" + stack + "-argocd-application",
                "kubernetes:networking.k8s.io/v1:Ingress::" + stack + "-telemetry-route",
                "kubernetes:monitoring.coreos.com/v1:PrometheusRule::" + stack + "-alert-rules",
                "kubernetes:monitoring.coreos.com/v1:PrometheusRule::" + stack + "-argocd-alert-rules");
        for (PlannedResource r : inCluster) {
            String id = r.type() + "::" + r.name();
            if (hubObjects.contains(id)) {
                assertTrue(r.provider().startsWith(named(plan, "pulumi:providers:kubernetes", stack + "-hub-k8s").urn() + "::"), id);
            } else {
                assertTrue(r.provider().startsWith(provider.urn() + "::"), r.urn() + " uses " + r.provider());
            }
        }
    }
}
