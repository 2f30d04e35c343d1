package com.kyeol.platform;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import com.kyeol.platform.config.InvalidSettingsException;
import com.kyeol.platform.config.ProjectFiles;
import com.kyeol.platform.config.SettingsLoader;
import com.kyeol.platform.config.StackConfig;
import com.kyeol.platform.config.StackSettings;
import com.pulumi.Pulumi;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Entry point of {@code pulumi up} / {@code pulumi preview}: validate the stack's configuration
 * before anything is registered (so bad input creates nothing), then build the platform.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        StackSettings settings;
        try {
            settings = settingsFromEngine(System.getenv());
        } catch (InvalidSettingsException e) {
            e.problems().forEach(System.err::println);
            System.exit(2);
            return;
        }
        Pulumi.run(ctx -> Platform.define(ctx, settings));
    }

    /**
     * The configuration the Pulumi CLI hands the program ({@code PULUMI_CONFIG} holds every key, decrypted;
     * {@code PULUMI_CONFIG_SECRET_KEYS} names the secret ones), checked against the project's other stack files.
     */
    static StackSettings settingsFromEngine(Map<String, String> env) {
        String stack = env.get("PULUMI_STACK");
        if (stack == null) {
            throw new InvalidSettingsException(List.of("kyeol-platform: PULUMI_STACK is not set: is missing; expected "
                    + "to be run by `pulumi up`/`pulumi preview` (use `bin/plan <stack>` for an offline plan)"));
        }
        var project = ProjectFiles.open(Path.of("").toAbsolutePath());
        var gson = new Gson();
        Map<String, String> values = gson.fromJson(env.getOrDefault("PULUMI_CONFIG", "{}"),
                new TypeToken<Map<String, String>>() { }.getType());
        List<String> secretKeys = gson.fromJson(env.getOrDefault("PULUMI_CONFIG_SECRET_KEYS", "[]"),
                new TypeToken<List<String>>() { }.getType());
        var config = new StackConfig(project.project(), stack, "Pulumi." + stack + ".yaml", values, Set.copyOf(secretKeys), false);
        return SettingsLoader.load(config, project.siblingsOf(stack));
    }
}
