package com.kyeol.platform.cost;

import com.kyeol.platform.plan.Plan;
import com.kyeol.platform.plan.PlannedResource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static com.kyeol.platform.config.UsageAssumption.ALB_LCU;
import static com.kyeol.platform.cost.SmallPlans.map;
import static com.kyeol.platform.cost.SmallPlans.plan;
import static com.kyeol.platform.cost.SmallPlans.resource;
import static com.kyeol.platform.cost.SmallPlans.usage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** ALBs of the Ingresses an ArgoCD Application deploys from this repository, rendered by kubectl kustomize. */
class IngressesTest {

    @TempDir
    static Path repo;

    private static final String INGRESS = """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: %s
              annotations:
                alb.ingress.kubernetes.io/scheme: internet-facing
            %s
            spec:
              ingressClassName: %s
              defaultBackend: {service: {name: web, port: {number: 80}}}
            """;

    @BeforeAll
    static void aGitOpsTree() throws IOException {
        Path app = Files.createDirectories(repo.resolve("gitops/overlays/t"));
        Files.writeString(app.resolve("kustomization.yaml"), "resources: [shop.yaml, admin.yaml, api.yaml, other.yaml]\n");
        Files.writeString(app.resolve("shop.yaml"), INGRESS.formatted("shop", "    alb.ingress.kubernetes.io/group.name: public", "alb"));
        Files.writeString(app.resolve("admin.yaml"), INGRESS.formatted("admin", "    alb.ingress.kubernetes.io/group.name: public", "alb"));
        Files.writeString(app.resolve("api.yaml"), INGRESS.formatted("api", "", "alb"));
        Files.writeString(app.resolve("other.yaml"), INGRESS.formatted("other", "", "nginx"));
        Files.createDirectories(repo.resolve("gitops/broken"));
        Files.writeString(repo.resolve("gitops/broken/kustomization.yaml"), "resources: [missing.yaml]\n");
    }

    private static PlannedResource application(String path) {
        return resource(Ingresses.APPLICATION, "t-app", map("metadata", map("name", "shop-t"), "spec", map(
                "destination", map("namespace", "shop"), "source", map("path", path))));
    }

    private static PlannedResource publicSubnet(String name, String zone) {
        return resource("aws:ec2/subnet:Subnet", name, map("availabilityZone", zone, "tags", map("kubernetes.io/role/elb", "1")));
    }

    private static CostEstimate estimate(Plan plan) {
        return new Estimator(SmallPlans.BOOK, repo, LocalDate.parse("2026-12-01")).estimate(plan, "ap-northeast-3", usage(ALB_LCU, 1));
    }

    @Test
    void anApplicationPaysForOneAlbPerIngressGroupOfClassAlb() {
        assumeTrue(SmallPlans.kubectl(), "kubectl is not installed");
        Plan plan = plan(publicSubnet("a", "ap-northeast-3a"), publicSubnet("b", "ap-northeast-3b"),
                publicSubnet("c", "ap-northeast-3c"), application("gitops/overlays/t"));
        Ingresses.Found found = Ingresses.find(plan, repo);
        assertEquals(List.of("group public", "Ingress shop/api"), found.albs().stream().map(Ingresses.Alb::name).toList());
        assertEquals(java.util.Set.of("shop/shop", "shop/admin"), java.util.Set.copyOf(found.albs().get(0).ingresses()),
                "one ALB for the group; the namespace comes from the Application");
        CostLine line = SmallPlans.line(estimate(plan), "t-app");
        double oneAlb = 730 * 0.02 + 730 * 0.01 + 3 * 730 * 0.005;
        assertEquals(2 * oneAlb, line.monthlyUsd(), 1e-9);
        assertEquals("Application shop-t (gitops/overlays/t)", line.label());
    }

    @Test
    void anApplicationWhoseSourceCannotBeRenderedIsNotPricedAndSaysWhy() {
        assumeTrue(SmallPlans.kubectl(), "kubectl is not installed");
        CostLine broken = SmallPlans.line(estimate(plan(application("gitops/broken"))), "t-app");
        assertTrue(broken.unpriced().get(0).startsWith("its Ingresses (ALBs) are not counted: kubectl kustomize "), broken.toString());
        CostLine elsewhere = SmallPlans.line(estimate(plan(application("apps/not-here"))), "t-app");
        assertEquals(List.of("its Ingresses (ALBs) are not counted: apps/not-here is not a Kustomize directory of this repository"),
                elsewhere.unpriced());
    }
}
