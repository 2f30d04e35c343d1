package com.kyeol.platform.tools;

import com.kyeol.platform.config.Cidr;
import com.kyeol.platform.config.ProjectFiles;
import com.kyeol.platform.config.SettingsLoader;
import com.kyeol.platform.config.Tier;
import com.kyeol.platform.support.TestStacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** bin/new-environment: a valid new stack file and its overlay, or nothing at all. */
class NewEnvironmentTest {

    private record Run(int code, String out, String err) {
    }

    /** The project's stack files in {@code dir} (no docs/, so no diagrams are planned). */
    private static Path project(Path dir) throws IOException {
        for (String stack : TestStacks.stacks()) {
            Files.copy(Path.of("Pulumi." + stack + ".yaml"), dir.resolve("Pulumi." + stack + ".yaml"));
        }
        Files.copy(Path.of("Pulumi.yaml"), dir.resolve("Pulumi.yaml"));
        return dir;
    }

    /** A stack name no stack file of the repository has (canary, unless someone made one). */
    private static final String NEW = java.util.stream.Stream.iterate(1, i -> i + 1).map(i -> i == 1 ? "canary" : "canary" + i)
            .filter(n -> !TestStacks.stacks().contains(n)).findFirst().orElseThrow();

    private static Run run(Path dir, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = NewEnvironment.run(args, dir, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aCopyOfProductionGetsAFreeVpcItsOwnHostnamesAndNoneOfTheSourcesSecrets(@TempDir Path dir) throws IOException {
        Path project = project(dir);
        // What `pulumi stack init` and `bin/generate-secrets` leave in a stack file: none of it may be copied.
        Path prod = project.resolve("Pulumi.prod.yaml");
        Files.writeString(prod, "secretsprovider: awskms://alias/kyeol-pulumi-secrets?region=ap-northeast-3\nencryptedkey: AQID\n"
                + Files.readString(prod).replace("  kyeol-platform:gitops:",
                "  kyeol-platform:saleorSecretKey:\n    secure: v1:AAAA\n  kyeol-platform:gitops:"));
        Run r = run(project, NEW, "--from", "prod");
        assertEquals(0, r.code(), r.err());
        String copy = Files.readString(project.resolve("Pulumi." + NEW + ".yaml"));
        assertFalse(copy.contains("secure:") || copy.contains("secretsprovider") || copy.contains("encryptedkey"), copy);
        assertFalse(copy.contains("serviceHostname:"), "prod's own hostname stays prod's");
        var settings = SettingsLoader.load(ProjectFiles.open(project).load(NEW), ProjectFiles.open(project).siblingsOf(NEW));
        // Every VPC is 10.<n>.0.0/16 (mgmt's 10.40 the highest in the repository's four): the next is one above the highest.
        int next = 1 + TestStacks.stacks().stream().mapToInt(s -> Integer.parseInt(
                TestStacks.settings(s).network().vpcCidr().toString().split("\\.")[1])).max().orElseThrow();
        assertTrue(next >= 41, "above mgmt's 10.40.0.0/16");
        String vpc = "10." + next + ".";
        assertEquals(vpc + "0.0/16", settings.network().vpcCidr().toString(), "the first free /16 above the others");
        assertEquals(Tier.PRODUCTION, settings.tier(), "the source's tier");
        assertEquals(NEW + "-kyeol.msp-g1.click", settings.domain().serviceHostname().orElseThrow());
        assertTrue(copy.contains("[" + vpc + "0.0/24, " + vpc + "1.0/24, " + vpc + "2.0/24]"), "every subnet moved with the VPC");
        assertTrue(copy.contains("publicAccessCidrs: [198.51.100.0/24]"), "CIDRs outside the VPC stay");
        assertEquals(NewEnvironment.overlay(NEW, Tier.PRODUCTION),
                Files.readString(project.resolve("gitops/overlays/" + NEW + "/kustomization.yaml")));
        assertTrue(r.out().contains("created Pulumi." + NEW + ".yaml from Pulumi.prod.yaml (workload, production, VPC " + vpc + "0.0/16)"), r.out());
    }

    @Test
    void theCommittedOverlaysAreWhatTheCommandMakes() throws IOException {
        for (String stack : List.of("dev", "stage", "prod")) {
            assertEquals(NewEnvironment.overlay(stack, TestStacks.settings(stack).tier()),
                    Files.readString(Path.of("gitops", "overlays", stack, "kustomization.yaml")), stack);
        }
    }

    @Test
    void badNamesAndSourcesWriteNothing(@TempDir Path dir) throws IOException {
        Path project = project(dir);
        List<Path> before;
        try (var files = Files.list(project)) {
            before = files.sorted().toList();
        }
        Run exists = run(project, "stage");
        assertEquals(2, exists.code());
        assertEquals("Pulumi.stage.yaml: (file): exists already; expected a new stack name\n", exists.err());
        Run badName = run(project, "QA_1");
        assertEquals(2, badName.code());
        assertTrue(badName.err().startsWith("Pulumi.QA_1.yaml: (stack name): 'QA_1' cannot name resources"), badName.err());
        Run source = run(project, NEW, "--from", "uat");
        assertEquals(2, source.code());
        assertEquals("bin/new-environment: --from uat: no Pulumi.uat.yaml; expected one of " + StackList.entries(ProjectFiles.open(project))
                .stream().map(StackList.Entry::stack).collect(java.util.stream.Collectors.joining(", ")) + "\n", source.err());
        List<Integer> at = List.of("mgmt", "dev", "stage", "prod").stream().map(s -> source.err().indexOf(s + ",") >= 0
                ? source.err().indexOf(s + ",") : source.err().indexOf(s + "\n")).toList();
        assertTrue(at.get(0) >= 0 && at.get(0) < at.get(1) && at.get(1) < at.get(2) && at.get(2) < at.get(3), "in promotion order: " + source.err());
        assertEquals(2, run(project).code());
        try (var files = Files.list(project)) {
            assertEquals(before, files.sorted().toList(), "nothing written");
        }
    }

    @Test
    void theFreeVpcIsTheFirstNonOverlappingBlockAboveTheOthers() {
        Cidr source = Cidr.parse("10.20.0.0/16").orElseThrow();
        List<Cidr> used = List.of("10.10.0.0/16", "10.20.0.0/16", "10.30.0.0/16", "10.41.0.0/16").stream()
                .map(c -> Cidr.parse(c).orElseThrow()).toList();
        assertEquals("10.42.0.0/16", NewEnvironment.freeVpc(source, used).toString());
        assertEquals("172.17.0.0/16", NewEnvironment.freeVpc(Cidr.parse("172.16.0.0/16").orElseThrow(),
                List.of(Cidr.parse("172.16.0.0/16").orElseThrow())).toString());
    }
}
