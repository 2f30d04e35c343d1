package com.kyeol.platform.addons;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What an identity policy grants, as a set of single grants (effect, action, resource, condition set), so that two
 * documents can be compared by meaning: statement and action order, {@code Sid}, a single value versus a one-element
 * list, and how actions are grouped into statements do not matter. Actions and condition keys compare
 * case-insensitively (IAM treats them so); resources and condition values exactly.
 */
public final class IamGrants {

    /** One grant: {@code effect action on resource if condition}; the condition is canonical (sorted operators, keys, values). */
    public record Grant(String effect, String action, String resource, String condition) implements Comparable<Grant> {

        @Override
        public int compareTo(Grant o) {
            return toString().compareTo(o.toString());
        }

        @Override
        public String toString() {
            return effect + " " + action + " on " + resource + (condition.equals("{}") ? "" : " if " + condition);
        }
    }

    private IamGrants() {
    }

    public static Set<Grant> of(String document) {
        JsonObject doc = JsonParser.parseString(document).getAsJsonObject();
        Set<Grant> grants = new TreeSet<>();
        for (JsonElement element : values(doc.get("Statement"))) {
            JsonObject statement = element.getAsJsonObject();
            for (String unsupported : List.of("NotAction", "NotResource", "Principal", "NotPrincipal")) {
                if (statement.has(unsupported)) {
                    throw new AssertionError("identity policy statements with " + unsupported + " are not compared: " + statement);
                }
            }
            String effect = statement.get("Effect").getAsString();
            String condition = condition(statement.get("Condition"));
            for (JsonElement action : values(statement.get("Action"))) {
                for (JsonElement resource : values(statement.get("Resource"))) {
                    grants.add(new Grant(effect, action.getAsString().toLowerCase(Locale.ROOT), resource.getAsString(), condition));
                }
            }
        }
        return grants;
    }

    /** The differences, one per line: what only {@code expected} grants ("missing") and what only {@code actual} grants ("extra"). */
    static List<String> differences(String actual, String expected) {
        Set<Grant> ours = of(actual);
        Set<Grant> theirs = of(expected);
        List<String> out = new ArrayList<>();
        theirs.stream().filter(g -> !ours.contains(g)).forEach(g -> out.add("missing: " + g));
        ours.stream().filter(g -> !theirs.contains(g)).forEach(g -> out.add("extra: " + g));
        return out;
    }

    private static List<JsonElement> values(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            throw new AssertionError("a statement without Action or Resource is not compared");
        }
        List<JsonElement> out = new ArrayList<>();
        if (e.isJsonArray()) {
            ((JsonArray) e).forEach(out::add);
        } else {
            out.add(e);
        }
        return out;
    }

    private static String condition(JsonElement e) {
        Map<String, Map<String, Set<String>>> canonical = new TreeMap<>();
        if (e != null && !e.isJsonNull()) {
            for (var operator : e.getAsJsonObject().entrySet()) {
                Map<String, Set<String>> keys = canonical.computeIfAbsent(operator.getKey(), k -> new TreeMap<>());
                for (var key : operator.getValue().getAsJsonObject().entrySet()) {
                    Set<String> vals = keys.computeIfAbsent(key.getKey().toLowerCase(Locale.ROOT), k -> new TreeSet<>());
                    values(key.getValue()).forEach(v -> vals.add(v.getAsString()));
                }
            }
        }
        return canonical.toString();
    }
}
