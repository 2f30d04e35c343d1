package com.kyeol.platform.plan;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/diagrams.md is generated; this is what keeps it from lying. */
class ReadmeDiagramsTest {

    private static final Path PAGE = Path.of("docs", "diagrams.md");

    private static String allDiagrams() {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = OfflinePlan.run(new String[] {"all", "--mermaid", "--no-policy"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theDiagramsPageShowsTheCurrentDiagramOfEveryStack() throws IOException {
        String readme = Files.readString(PAGE);
        String diagrams = allDiagrams();
        assertEquals(ReadmeDiagrams.splice(readme, diagrams), readme,
                "docs/diagrams.md is stale: run bin/readme-diagrams and commit docs/diagrams.md");
        for (String stack : com.kyeol.platform.support.TestStacks.stacks()) {
            assertTrue(readme.contains("#### " + stack + "\n\n```mermaid\nflowchart TB\n"), "no diagram for " + stack);
        }
    }

    @Test
    void spliceReplacesOnlyTheRegionBetweenTheMarkers() {
        String readme = "# title\n\nbefore\n" + ReadmeDiagrams.START + "\nold picture\n" + ReadmeDiagrams.END + "\nafter\n";
        String spliced = ReadmeDiagrams.splice(readme, "#### dev\n\n```mermaid\nflowchart TB\n```\n");
        assertEquals("# title\n\nbefore\n" + ReadmeDiagrams.START + "\n" + ReadmeDiagrams.NOTICE
                + "\n\n#### dev\n\n```mermaid\nflowchart TB\n```\n\n" + ReadmeDiagrams.END + "\nafter\n", spliced);
        assertEquals(spliced, ReadmeDiagrams.splice(spliced, "#### dev\n\n```mermaid\nflowchart TB\n```\n"), "idempotent");
    }

    @Test
    void missingOrRepeatedMarkersAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ReadmeDiagrams.splice("no markers", "x"));
        assertThrows(IllegalArgumentException.class, () -> ReadmeDiagrams.splice(ReadmeDiagrams.END + ReadmeDiagrams.START, "x"));
        assertThrows(IllegalArgumentException.class, () -> ReadmeDiagrams.splice(
                ReadmeDiagrams.START + ReadmeDiagrams.END + ReadmeDiagrams.START + ReadmeDiagrams.END, "x"));
    }

    @Test
    void checkFailsOnAStaleReadmeAndTheRewriteFixesIt(@TempDir Path dir) throws IOException {
        Path readme = dir.resolve("README.md");
        Files.writeString(readme, "intro\n" + ReadmeDiagrams.START + "\nstale\n" + ReadmeDiagrams.END + "\n");
        var sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        String diagrams = "#### dev\n\n```mermaid\nflowchart TB\n```\n";
        assertEquals(1, ReadmeDiagrams.run(new String[] {"--check", readme.toString()}, diagrams, sink, sink));
        assertTrue(Files.readString(readme).contains("stale"), "--check changes nothing");
        assertEquals(0, ReadmeDiagrams.run(new String[] {readme.toString()}, diagrams, sink, sink));
        assertEquals(0, ReadmeDiagrams.run(new String[] {"--check", readme.toString()}, diagrams, sink, sink));
        assertEquals(2, ReadmeDiagrams.run(new String[] {}, diagrams, sink, sink));
    }
}
