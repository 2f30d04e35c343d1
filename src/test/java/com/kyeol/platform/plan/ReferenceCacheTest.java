package com.kyeol.platform.plan;

import com.kyeol.platform.support.TestPlans;
import com.kyeol.platform.support.TestStacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hub's outputs kept between runs: the same outputs back, and never for another program or another stack file. */
class ReferenceCacheTest {

    @Test
    void theHubsOutputsComeBackExactlyAndAWorkloadPlansTheSameWithThem(@TempDir Path dir) {
        var cache = new ReferenceCache(dir, "program-1");
        var mgmt = TestStacks.config("mgmt");
        ReferencedStack hub = TestPlans.of("mgmt").asReference();
        assertTrue(cache.get(mgmt).isEmpty());
        cache.put(mgmt, hub);
        ReferencedStack cached = cache.get(mgmt).orElseThrow();
        assertEquals(hub.outputs(), cached.outputs());
        assertEquals(hub.secretOutputNames(), cached.secretOutputNames());
        Plan dev = PlanRunner.run(TestStacks.config("dev"), TestPlans.settings("dev"), Map.of("mgmt", cached));
        assertEquals(PlanPrinter.json(TestPlans.of("dev")), PlanPrinter.json(dev), "a workload plans the same on cached outputs");
    }

    @Test
    void anotherProgramOrAnEditedStackFileMisses(@TempDir Path dir) {
        var mgmt = TestStacks.config("mgmt");
        ReferencedStack hub = TestPlans.of("mgmt").asReference();
        new ReferenceCache(dir, "program-1").put(mgmt, hub);
        assertTrue(new ReferenceCache(dir, "program-2").get(mgmt).isEmpty(), "a rebuilt jar");
        var edited = TestStacks.edit(mgmt, "kyeol-platform:hub", "argocdHostname", "cd.msp-g1.click");
        assertTrue(new ReferenceCache(dir, "program-1").get(edited).isEmpty(), "an edited stack file");
        assertTrue(new ReferenceCache(dir, "program-1").get(mgmt).isPresent());
    }

    @Test
    void onlyOutputsThatReadBackExactlyAreKept(@TempDir Path dir) throws Exception {
        var cache = new ReferenceCache(dir, "program-1");
        var mgmt = TestStacks.config("mgmt");
        cache.put(mgmt, new ReferencedStack(Map.of("port", 5432), Set.of()));
        assertTrue(cache.get(mgmt).isEmpty(), "a number would come back as 5432.0");
        cache.put(mgmt, new ReferencedStack(Map.of("token", "x"), Set.of("token")));
        assertTrue(cache.get(mgmt).isEmpty(), "nothing secret on disk");
        cache.put(mgmt, new ReferencedStack(Map.of("urls", Map.of("api", "x"), "ids", List.of("a"), "on", true), Set.of()));
        assertEquals(Map.of("urls", Map.of("api", "x"), "ids", List.of("a"), "on", true), cache.get(mgmt).orElseThrow().outputs());
        try (var files = Files.list(dir)) {
            files.forEach(f -> {
                try {
                    Files.writeString(f, "{not json");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        assertTrue(cache.get(mgmt).isEmpty(), "a damaged entry is a miss, not a failure");
        assertFalse(ReferenceCache.forJar(Path.of("")).isPresent(), "the tests run from classes, not a jar: no cache");
    }
}
