package com.kyeol.platform.plan;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * A part of a document that a command writes from the code (between a start and an end marker, under a notice), so a
 * test can fail when it is stale: the README's stack diagrams ({@link ReadmeDiagrams}), docs/cost.md's estimates.
 *
 * @param usage   the command line, printed on bad arguments
 * @param what    what the section holds, in messages ({@code diagrams}, {@code estimates})
 * @param command what rewrites it ({@code bin/readme-diagrams})
 */
public record GeneratedSection(String start, String end, String notice, String usage, String what, String command) {

    /** {@code doc} with everything between the markers replaced by the notice and {@code body}. */
    public String splice(String doc, String body) {
        int from = doc.indexOf(start);
        int to = doc.indexOf(end);
        if (from < 0 || to < 0 || to < from || doc.indexOf(start, from + 1) >= 0) {
            throw new IllegalArgumentException("expected one " + start + " followed by one " + end);
        }
        return doc.substring(0, from) + start + "\n" + notice + "\n\n" + body.strip() + "\n\n" + doc.substring(to);
    }

    /**
     * {@code [--check] FILE}: rewrites the section of FILE with {@code body}, or with {@code --check} changes nothing
     * and exits 1 when it is stale. Exit 2 on bad arguments, markers or input ({@code body} throws
     * IllegalArgumentException with the reason).
     */
    public int run(String[] args, Supplier<String> body, PrintStream out, PrintStream err) throws IOException {
        boolean check = args.length == 2 && args[0].equals("--check");
        if (!(args.length == 1 && !args[0].startsWith("-")) && !check) {
            err.println("usage: " + usage);
            return 2;
        }
        return rewrite(Path.of(args[args.length - 1]), body, check, out, err);
    }

    /** Rewrites the section of {@code doc} with {@code body} (or only checks it): 0 done or up to date, 1 stale, 2 bad. */
    public int rewrite(Path doc, Supplier<String> body, boolean check, PrintStream out, PrintStream err) throws IOException {
        String current = Files.readString(doc);
        String updated;
        try {
            updated = splice(current, body.get());
        } catch (IllegalArgumentException e) {
            err.println(doc + ": " + e.getMessage());
            return 2;
        }
        if (updated.equals(current)) {
            out.println(doc + ": " + what + " are up to date");
            return 0;
        }
        if (check) {
            err.println(doc + ": " + what + " are stale; run " + command + " and commit the result");
            return 1;
        }
        Files.writeString(doc, updated);
        out.println(doc + ": " + what + " rewritten");
        return 0;
    }
}
