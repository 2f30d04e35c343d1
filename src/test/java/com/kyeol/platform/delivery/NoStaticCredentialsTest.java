package com.kyeol.platform.delivery;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No AWS access key in the repository: CI assumes roles by OIDC and stack secrets are KMS-encrypted.
 * The patterns are written in pieces so this file does not match itself.
 */
class NoStaticCredentialsTest {

    private static final List<Pattern> FORBIDDEN = List.of(
            Pattern.compile("(AKIA|ASIA)" + "[0-9A-Z]{16}"),                                  // an access key id
            Pattern.compile("aws_secret" + "_access_key"),                                    // a credentials file entry
            Pattern.compile("AWS_SECRET" + "_ACCESS_KEY\\s*[:=]\\s*(?!\\s*\\$\\{\\{)['\"]?[^\\s'\"$]"), // a literal, not ${{ secrets.X }}
            Pattern.compile("aws-secret" + "-access-key\\s*:"),                               // static keys given to configure-aws-credentials
            Pattern.compile("aws-access" + "-key-id\\s*:"));

    private static final Set<String> SKIPPED_DIRECTORIES = Set.of(".git", "target", "node_modules", "plans");

    /** Problems in one file's text: file, line and which pattern. */
    static List<String> scan(String file, String text) {
        List<String> problems = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            for (Pattern p : FORBIDDEN) {
                if (p.matcher(lines[i]).find()) {
                    problems.add(file + ":" + (i + 1) + ": looks like a static AWS credential (" + p.pattern() + ")");
                }
            }
        }
        return problems;
    }

    /** The files git tracks or would track (untracked, not ignored); without git every file outside build output. */
    static List<Path> repositoryFiles(Path root) throws IOException, InterruptedException {
        try {
            Process git = new ProcessBuilder("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard").directory(root.toFile()).redirectErrorStream(false).start();
            byte[] out = git.getInputStream().readAllBytes();
            if (git.waitFor() == 0) {
                return Stream.of(new String(out, StandardCharsets.UTF_8).split("\0")).filter(s -> !s.isEmpty())
                        .map(root::resolve).filter(Files::isRegularFile).toList();
            }
        } catch (IOException e) {
            // no git: walk the tree below
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).filter(p -> !inSkippedDirectory(root.relativize(p))).toList();
        }
    }

    @Test
    void noTrackedFileHoldsAnAwsAccessKey() throws Exception {
        Path root = Path.of("").toAbsolutePath();
        List<Path> files = repositoryFiles(root);
        assertTrue(files.size() > 20, "scanned " + files.size() + " files");
        assertTrue(files.stream().anyMatch(f -> f.endsWith(Path.of(".github", "workflows", "pulumi-stack.yml"))), "the workflows are scanned");
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            if (isText(bytes)) {
                problems.addAll(scan(root.relativize(file).toString(), new String(bytes, StandardCharsets.UTF_8)));
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void theScanFindsKeysAndLiteralSecretsButNotSecretReferences() {
        String key = "AKIA" + "IOSFODNN7EXAMPLE";
        String text = String.join("\n",
                "id: " + key,
                "aws_secret" + "_access_key = wJalrXUtnFEMI",
                "  AWS_SECRET" + "_ACCESS_KEY: wJalrXUtnFEMI",
                "  AWS_SECRET" + "_ACCESS_KEY: ${{ secrets.DEPLOY_KEY }}",
                "    aws-access" + "-key-id: ${{ secrets.KEY_ID }}",
                "role-to-assume: ${{ vars.AWS_DEPLOY_ROLE_ARN }}");
        List<String> problems = scan("f.yml", text);
        assertEquals(4, problems.size(), problems::toString);
        assertTrue(problems.get(0).startsWith("f.yml:1: "), problems.get(0));
        assertTrue(problems.stream().noneMatch(p -> p.startsWith("f.yml:4:") || p.startsWith("f.yml:6:")), problems::toString);
    }

    @Test
    void withoutGitTheScanWalksTheTreeButNotBuildOutput(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("target"));
        Files.writeString(dir.resolve("target/leak.txt"), "AKIA" + "IOSFODNN7EXAMPLE");
        Files.writeString(dir.resolve("README.md"), "hello");
        List<Path> files = repositoryFiles(dir);
        assertEquals(List.of(dir.resolve("README.md")), files);
    }

    private static boolean inSkippedDirectory(Path relative) {
        for (Path part : relative) {
            if (SKIPPED_DIRECTORIES.contains(part.toString())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isText(byte[] bytes) {
        for (int i = 0; i < Math.min(bytes.length, 8000); i++) {
            if (bytes[i] == 0) {
                return false;
            }
        }
        return true;
    }
}
