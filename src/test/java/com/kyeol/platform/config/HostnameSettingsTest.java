package com.kyeol.platform.config;

import com.kyeol.platform.support.TestStacks;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.kyeol.platform.support.SettingsAssertions.assertLoads;
import static com.kyeol.platform.support.SettingsAssertions.assertOneProblem;
import static com.kyeol.platform.support.SettingsAssertions.assertProblems;
import static com.kyeol.platform.support.SettingsAssertions.problems;
import static com.kyeol.platform.support.TestStacks.edit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every public hostname is a DNS record and a certificate of its own: it must be a valid DNS name, also when derived
 * from {@code domain.site} and the stack name, and no two may be equal, within a stack, with the hub's, or with another
 * stack file's.
 */
class HostnameSettingsTest {

    private static final String DOMAIN = "kyeol-platform:domain";
    private static final String HUB = "kyeol-platform:hub";
    private final StackConfig dev = TestStacks.config("dev");
    private final StackConfig stage = TestStacks.config("stage");
    private final StackConfig prod = TestStacks.config("prod");
    private final StackConfig mgmt = TestStacks.config("mgmt");

    @Test
    void serviceAndOriginTheSameInsideAStack() {
        assertProblems(problems(edit(edit(dev, DOMAIN, "serviceHostname", "shop.msp-g1.click"), DOMAIN, "originHostname", "shop.msp-g1.click")),
                "Pulumi.dev.yaml: kyeol-platform:domain.originHostname: shop.msp-g1.click is also this stack's service hostname; "
                        + "expected different service and origin hostnames (CloudFront serves the first and fetches from the second)");
        // an override that equals the derived other one
        assertOneProblem(problems(edit(dev, DOMAIN, "originHostname", "dev-kyeol.msp-g1.click")), DOMAIN + ".originHostname",
                "dev-kyeol.msp-g1.click is also this stack's service hostname");
    }

    @Test
    void aServiceHostnameThatIsTheHubsArgocdHostname() {
        assertProblems(problems(edit(dev, DOMAIN, "serviceHostname", "argocd.msp-g1.click"), List.of(mgmt, stage, prod)),
                "Pulumi.dev.yaml: kyeol-platform:domain.serviceHostname: argocd.msp-g1.click is also the ArgoCD hostname of "
                        + "Pulumi.mgmt.yaml; expected a hostname no other stack file uses (each is a DNS record and a certificate of its own)");
    }

    @Test
    void theHubsArgocdHostnameThatIsAWorkloadsServiceOrOrigin() {
        assertProblems(problems(edit(mgmt, HUB, "argocdHostname", "origin-stage-kyeol.msp-g1.click"), List.of(dev, stage, prod)),
                "Pulumi.mgmt.yaml: kyeol-platform:hub.argocdHostname: origin-stage-kyeol.msp-g1.click is also the origin hostname "
                        + "of Pulumi.stage.yaml; expected a hostname no other stack file uses (each is a DNS record and a certificate of its own)");
    }

    @Test
    void anOriginThatIsAnotherStacksService() {
        assertProblems(problems(edit(dev, DOMAIN, "originHostname", "kyeol.msp-g1.click"), List.of(mgmt, stage, prod)),
                "Pulumi.dev.yaml: kyeol-platform:domain.originHostname: kyeol.msp-g1.click is also the service hostname of "
                        + "Pulumi.prod.yaml; expected a hostname no other stack file uses (each is a DNS record and a certificate of its own)");
    }

    @Test
    void aCopiedStackFileKeepsItsHostnamesApartByItsName() {
        // qa copied from stage: the derived hostnames follow the stack name, so they do not clash
        var qa = TestStacks.renamed(edit(stage, "kyeol-platform:network", "vpcCidr", "10.50.0.0/16"), "qa");
        var qaNetwork = edit(edit(edit(qa, "kyeol-platform:network", "publicSubnets", List.of("10.50.0.0/24", "10.50.1.0/24", "10.50.2.0/24")),
                        "kyeol-platform:network", "dataSubnets", List.of("10.50.10.0/24", "10.50.11.0/24", "10.50.12.0/24")),
                "kyeol-platform:network", "privateSubnets", List.of("10.50.32.0/19", "10.50.64.0/19", "10.50.96.0/19"));
        assertLoads(qaNetwork, List.of(dev, stage, prod, mgmt));
    }

    @Test
    void aDerivedHostnameWithALabelLongerThan63Characters() {
        String site = "s".repeat(56); // dev-<56> is 60 characters, origin-dev-<56> is 67
        assertProblems(problems(edit(dev, DOMAIN, "site", site)),
                "Pulumi.dev.yaml: kyeol-platform:domain.site: makes the origin hostname origin-dev-" + site + ".msp-g1.click, but its "
                        + "label 'origin-dev-" + site + "' has 67 characters; expected DNS labels of at most 63 characters and names of "
                        + "at most 253 (a shorter value, or set the hostname explicitly)");
        // setting the origin explicitly is the way out
        assertLoads(edit(edit(dev, DOMAIN, "site", site), DOMAIN, "originHostname", "origin-dev.msp-g1.click"), List.of());
    }

    @Test
    void aDerivedHostnameLongerThan253Characters() {
        String zone = String.join(".", "a".repeat(60), "b".repeat(60), "c".repeat(60), "d".repeat(60), "click"); // 249 characters
        List<String> problems = problems(edit(dev, DOMAIN, "zone", zone));
        assertProblems(problems,
                "Pulumi.dev.yaml: kyeol-platform:domain.site: makes the service hostname dev-kyeol." + zone + ", but it has 259 "
                        + "characters; expected DNS labels of at most 63 characters and names of at most 253 (a shorter value, or set "
                        + "the hostname explicitly)",
                "Pulumi.dev.yaml: kyeol-platform:domain.site: makes the origin hostname origin-dev-kyeol." + zone + ", but it has 266 "
                        + "characters; expected DNS labels of at most 63 characters and names of at most 253 (a shorter value, or set "
                        + "the hostname explicitly)");
        // The hub's explicit ArgoCD hostname is outside the new zone (one problem: names are compared once every key is valid).
        assertOneProblem(problems(edit(mgmt, DOMAIN, "zone", zone)), "kyeol-platform:hub.argocdHostname", "inside domain.zone");
        // Its ArgoCD, Grafana and telemetry hostnames all derive from the zone.
        List<String> derived = problems(edit(edit(mgmt, DOMAIN, "zone", zone), HUB, "argocdHostname", null));
        assertEquals(List.of("makes the ArgoCD hostname argocd." + zone + ", but it has 256 characters",
                        "makes the Grafana hostname grafana." + zone + ", but it has 257 characters",
                        "makes the telemetry endpoint hostname telemetry." + zone + ", but it has 259 characters"),
                derived.stream().map(l -> l.substring(l.indexOf(DOMAIN + ".zone: ") + (DOMAIN + ".zone: ").length(), l.indexOf("; expected")))
                        .toList(), derived::toString);
    }

    @Test
    void theArgocdHostnameMustBeInTheHostedZone() {
        assertProblems(problems(edit(mgmt, HUB, "argocdHostname", "argocd.example.com")),
                "Pulumi.mgmt.yaml: kyeol-platform:hub.argocdHostname: 'argocd.example.com' is not valid; expected a DNS name inside "
                        + "domain.zone msp-g1.click, such as argocd.msp-g1.click (its certificate is validated and its record kept in "
                        + "that hosted zone)");
        assertOneProblem(problems(edit(mgmt, HUB, "argocdHostname", "msp-g1.click")), HUB + ".argocdHostname", "inside domain.zone");
    }

    @Test
    void anUnreadableSiblingIsSkippedByTheCrossStackChecks() {
        var broken = StackConfig.unreadable("kyeol-platform", "prod", "Pulumi.prod.yaml",
                List.of("Pulumi.prod.yaml:3:1: is not valid YAML: x; expected well-formed YAML"));
        assertLoads(edit(dev, DOMAIN, "serviceHostname", "kyeol.msp-g1.click"), List.of(broken, mgmt, stage));
    }
}
