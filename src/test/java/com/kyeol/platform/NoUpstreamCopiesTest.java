package com.kyeol.platform;

import com.kyeol.platform.addons.Upstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No file of the repository is a copy of a file of the shared upstream folder (chart values, IAM policies…), byte
 * for byte or with only whitespace changed (re-indented, minified, other line endings): the tests read those files
 * from the folder instead.
 */
class NoUpstreamCopiesTest {

    /** Git's own files, build output and installed packages, never committed (see .gitignore). */
    private static boolean buildOutput(Path relative) {
        String first = relative.getName(0).toString();
        if (first.equals(".git") || first.equals("plans") || relative.startsWith(Path.of("policy", "bin"))) {
            return true;
        }
        for (Path part : relative) {
            if (part.toString().equals("target") || part.toString().equals("node_modules")) {
                return true;
            }
        }
        return false;
    }

    /** Every file under {@code repo} (but build output) that duplicates a file under {@code upstream}, one line each. */
    static List<String> copies(Path repo, Path upstream) {
        Map<String, String> upstreamByContent = new HashMap<>();
        for (Path file : Upstream.files(upstream)) {
            String key = normalisedHash(upstream.resolve(file));
            if (key != null) {
                upstreamByContent.put(key, file.toString());
            }
        }
        List<String> out = new ArrayList<>();
        try (var walk = Files.walk(repo)) {
            walk.filter(Files::isRegularFile)
                    .filter(f -> !buildOutput(repo.relativize(f)))
                    .sorted()
                    .forEach(f -> {
                        String match = upstreamByContent.get(normalisedHash(f));
                        if (match != null) {
                            out.add(repo.relativize(f) + " is a copy of upstream " + match);
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** SHA-256 of the content without any whitespace, or null for a file with no content to compare. */
    private static String normalisedHash(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            var kept = new java.io.ByteArrayOutputStream(bytes.length);
            for (byte b : bytes) {
                if (b != ' ' && b != '\t' && b != '\n' && b != '\r' && b != '\f' && b != 0x0b) {
                    kept.write(b);
                }
            }
            if (kept.size() == 0) {
                return null;
            }
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(kept.toByteArray()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theRepositoryHoldsNoCopyOfAnUpstreamFile() {
        Path upstream = Upstream.require();
        assertEquals(List.of(), copies(Path.of("").toAbsolutePath(), upstream));
    }

    @Test
    void aCopyIsFoundByteForByteAndReformatted(@TempDir Path repo) throws IOException {
        Path upstream = Upstream.require();
        Path values = upstream.resolve("charts/metrics-server-3.13.1/values.yaml");
        Path policy = upstream.resolve("iam/aws-load-balancer-controller-v3.5.0-iam_policy.json");
        Files.createDirectories(repo.resolve("src/test/resources/charts"));
        Files.createDirectories(repo.resolve("src/main/resources"));
        Files.copy(values, repo.resolve("src/test/resources/charts/values.yaml"));
        String json = Files.readString(policy);
        Files.writeString(repo.resolve("src/main/resources/alb.json"), json.replaceAll("\\s+", "").replace("\n", "\r\n"));
        Files.writeString(repo.resolve("src/main/resources/alb-crlf.json"), json.replace("\n", "\r\n"));
        Files.writeString(repo.resolve("README.md"), "our own text");
        Files.createDirectories(repo.resolve("target"));
        Files.copy(values, repo.resolve("target/values.yaml"));
        assertEquals(List.of(
                "src/main/resources/alb-crlf.json is a copy of upstream iam/aws-load-balancer-controller-v3.5.0-iam_policy.json",
                "src/main/resources/alb.json is a copy of upstream iam/aws-load-balancer-controller-v3.5.0-iam_policy.json",
                "src/test/resources/charts/values.yaml is a copy of upstream charts/metrics-server-3.13.1/values.yaml"),
                copies(repo, upstream));
        assertTrue(Files.exists(repo.resolve("target/values.yaml")), "build output is not the repository");
    }
}
