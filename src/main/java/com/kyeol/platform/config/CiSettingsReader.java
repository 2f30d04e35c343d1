package com.kyeol.platform.config;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads {@code kyeol-platform:ci} (the hub only): the bootstrap's state bucket and secrets key, and the runner scale
 * sets' sizes. The GitHub environments that may deploy are not configured: they are the project's stack files.
 */
final class CiSettingsReader {

    /** S3 bucket naming rules: 3–63 of a-z 0-9 . -, starting and ending with a letter or digit, no "..", not an IP. */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");
    /** A KMS key ARN (a key id, or a multi-Region key id); an alias ARN does not name the key IAM evaluates. */
    private static final Pattern KEY_ARN = Pattern.compile("arn:aws[a-z-]*:kms:[a-z]{2}(-gov)?-[a-z]+-\\d:\\d{12}:key/"
            + "([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})");
    /**
     * The AWS documentation account the stack files' placeholders use (and the offline plan answers with): in a real
     * run it means a value was not replaced by the bootstrap's outputs.
     */
    static final String PLACEHOLDER_ACCOUNT = "111122223333";
    static final int MAX_RUNNERS = 10;

    private CiSettingsReader() {
    }

    /**
     * @param stack    this stack (the hub): its own environment deploys too
     * @param siblings the project's other stack files: each is a GitHub environment that may deploy
     * @param offline  the offline plan (placeholders are fine there)
     */
    static Optional<CiSettings> read(ConfigSection s, String stack, Collection<StackConfig> siblings, boolean offline) {
        int before = s.problems().lines().size();
        Optional<String> bucket = s.string("stateBucket", true,
                v -> BUCKET.matcher(v).matches() && !v.contains("..") && !IP_ADDRESS.matcher(v).matches(),
                "the state bucket of bootstrap/ (`pulumi stack output bucketName` there), e.g. kyeol-pulumi-state-<account>-<region>");
        Optional<String> key = s.string("secretsKeyArn", true, v -> KEY_ARN.matcher(v).matches(),
                "the KMS key ARN of bootstrap/ (`pulumi stack output keyArn` there), arn:aws:kms:<region>:<account>:key/<key id>");
        int preview = s.integer("previewMaxRunners", false, 1, MAX_RUNNERS).orElse(2);
        int deploy = s.integer("deployMaxRunners", false, 1, MAX_RUNNERS).orElse(1);
        s.rejectUnknownKeys();
        if (!offline) {
            refusePlaceholder(s, "stateBucket", bucket, "bucketName");
            refusePlaceholder(s, "secretsKeyArn", key, "keyArn");
        }
        if (s.problems().lines().size() > before) {
            return Optional.empty();
        }
        var environments = new TreeSet<String>();
        environments.add(stack);
        siblings.forEach(c -> environments.add(c.stack()));
        return Optional.of(new CiSettings(bucket.get(), key.get(), List.copyOf(environments), preview, deploy));
    }

    private static void refusePlaceholder(ConfigSection s, String name, Optional<String> value, String output) {
        if (value.filter(v -> v.contains(PLACEHOLDER_ACCOUNT)).isPresent()) {
            s.problems().add(s.key(name), "'" + value.get() + "' is the placeholder of the account " + PLACEHOLDER_ACCOUNT,
                    "the bootstrap's own value (`pulumi stack output " + output + "` in bootstrap/)");
        }
    }
}
