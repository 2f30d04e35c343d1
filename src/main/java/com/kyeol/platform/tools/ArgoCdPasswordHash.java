package com.kyeol.platform.tools;

import at.favre.lib.crypto.bcrypt.BCrypt;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The bcrypt hash of ArgoCD's admin password, for the hub's secret {@code kyeol-platform:argocdAdminPasswordBcrypt}
 * ({@code bin/argocd-password-hash}, which reads the password from the terminal and passes it on standard input).
 * Prints {@code $2a$10$…}: the version and cost {@code argocd account bcrypt} itself produces (ArgoCD checks the hash
 * with Go's bcrypt, which also accepts {@code $2b$} and {@code $2y$}). The password is never printed or logged.
 */
public final class ArgoCdPasswordHash {

    /** bcrypt's cost factor (2^10 rounds), the default of Go's bcrypt and of {@code argocd account bcrypt}. */
    public static final int COST = 10;
    /** Shorter passwords are refused. */
    public static final int MINIMUM_LENGTH = 12;
    /** bcrypt reads at most 72 bytes of a password; longer ones would be silently truncated. */
    public static final int MAXIMUM_BYTES = 72;

    private ArgoCdPasswordHash() {
    }

    public static void main(String[] args) throws IOException {
        var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line = in.readLine();
        System.exit(run(line == null ? "" : line, System.out, System.err));
    }

    public static int run(String password, PrintStream out, PrintStream err) {
        if (password.length() < MINIMUM_LENGTH) {
            err.println("bin/argocd-password-hash: use " + MINIMUM_LENGTH + " characters or more");
            return 2;
        }
        byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
        try {
            if (bytes.length > MAXIMUM_BYTES) {
                err.println("bin/argocd-password-hash: use at most " + MAXIMUM_BYTES + " bytes (bcrypt ignores the rest)");
                return 2;
            }
            out.println(hash(bytes));
            return 0;
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** {@code $2a$10$} + 22 characters of salt + 31 of hash. */
    public static String hash(byte[] password) {
        return new String(BCrypt.with(BCrypt.Version.VERSION_2A).hash(COST, password), StandardCharsets.UTF_8);
    }

    public static boolean verify(String password, String hash) {
        return BCrypt.verifyer().verify(password.getBytes(StandardCharsets.UTF_8), hash.getBytes(StandardCharsets.UTF_8)).verified;
    }
}
