package com.kyeol.platform.delivery;

import com.pulumi.core.annotations.Export;
import com.pulumi.core.annotations.Import;
import com.pulumi.core.annotations.ResourceType;
import com.pulumi.core.Output;
import com.pulumi.resources.ResourceArgs;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.kyeol.platform.support.PlanAssertions.list;
import static com.kyeol.platform.support.PlanAssertions.map;
import static com.kyeol.platform.support.YamlFiles.at;
import static com.kyeol.platform.support.YamlFiles.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bootstrap/Pulumi.yaml}, the state bucket and secrets key: what it must guarantee, and that every
 * type, property and output it names exists in the aws SDK the platform pins (there is no Pulumi CLI here
 * to run it, so the pinned SDK's classes stand in for the provider schema).
 */
class BootstrapProgramTest {

    private static final Path PROGRAM = Path.of("bootstrap", "Pulumi.yaml");
    private static final Map<String, Object> YAML = read(PROGRAM);
    private static final Map<String, Object> RESOURCES = map(YAML.get("resources"));
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z0-9_-]+)(?:\\.([A-Za-z0-9_]+))?}");

    /** The one resource of {@code type}; its logical name is {@code name}. */
    private record Declared(String name, Map<String, Object> body) {
        Map<String, Object> properties() {
            return map(body.getOrDefault("properties", Map.of()));
        }

        Map<String, Object> options() {
            return map(body.getOrDefault("options", Map.of()));
        }

        String ref(String property) {
            return "${" + name + "." + property + "}";
        }
    }

    private static Declared one(String type) {
        List<Declared> found = new ArrayList<>();
        RESOURCES.forEach((name, body) -> {
            if (type.equals(map(body).get("type"))) {
                found.add(new Declared(name, map(body)));
            }
        });
        assertEquals(1, found.size(), () -> "expected one " + type + " in " + PROGRAM + ", got " + found.size());
        return found.get(0);
    }

    /** The resource of {@code type} whose {@code bucket} is the state bucket. */
    private static Declared ofBucket(String type) {
        Declared found = one(type);
        assertEquals(one("aws:s3:BucketV2").ref("id"), found.properties().get("bucket"), type + " must configure the state bucket");
        return found;
    }

    @Test
    void isAPulumiYamlProgramOutsideTheMavenBuild() {
        assertEquals("yaml", YAML.get("runtime"));
        assertEquals("kyeol-bootstrap", YAML.get("name"));
        assertFalse(Files.exists(Path.of("bootstrap", "pom.xml")));
    }

    @Test
    void theBucketIsVersioned() {
        assertEquals("Enabled", at(ofBucket("aws:s3:BucketVersioningV2").properties(), "versioningConfiguration.status"));
    }

    @Test
    void theBucketIsEncryptedWithTheKeyByDefault() {
        Map<String, Object> rule = map(list(ofBucket("aws:s3:BucketServerSideEncryptionConfigurationV2").properties().get("rules")).get(0));
        Object algorithm = at(rule, "applyServerSideEncryptionByDefault.sseAlgorithm");
        assertTrue(Set.of("aws:kms", "aws:kms:dsse", "AES256").contains(algorithm), String.valueOf(algorithm));
        if (!"AES256".equals(algorithm)) {
            assertEquals(one("aws:kms:Key").ref("arn"), at(rule, "applyServerSideEncryptionByDefault.kmsMasterKeyId"));
        }
    }

    @Test
    void publicAccessIsBlockedAndAclsAreOff() {
        Map<String, Object> block = ofBucket("aws:s3:BucketPublicAccessBlock").properties();
        for (String flag : List.of("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")) {
            assertEquals(true, block.get(flag), flag);
        }
        assertEquals("BucketOwnerEnforced", at(ofBucket("aws:s3:BucketOwnershipControls").properties(), "rule.objectOwnership"));
    }

    @Test
    void thePolicyDeniesEveryRequestWithoutTls() {
        Map<String, Object> policy = map(at(ofBucket("aws:s3:BucketPolicy").properties(), "policy.fn::toJSON"));
        String bucketArn = one("aws:s3:BucketV2").ref("arn");
        boolean denied = list(policy.get("Statement")).stream().map(s -> map(s)).anyMatch(s ->
                "Deny".equals(s.get("Effect")) && "*".equals(s.get("Principal"))
                        && List.of("s3:*").equals(asList(s.get("Action")))
                        && asList(s.get("Resource")).containsAll(List.of(bucketArn, bucketArn + "/*"))
                        && "false".equals(at(s, "Condition.Bool.aws:SecureTransport")));
        assertTrue(denied, "no Deny of s3:* on the bucket and its objects when aws:SecureTransport is false: " + policy);
    }

    @Test
    void oldStateVersionsExpire() {
        Map<String, Object> rule = map(list(ofBucket("aws:s3:BucketLifecycleConfigurationV2").properties().get("rules")).get(0));
        assertEquals("Enabled", rule.get("status"));
        assertTrue(at(rule, "noncurrentVersionExpiration.noncurrentDays") != null, rule::toString);
    }

    @Test
    void theKeyRotatesAndHasTheAliasTheStacksName() {
        Declared key = one("aws:kms:Key");
        assertEquals(true, key.properties().get("enableKeyRotation"));
        Declared alias = one("aws:kms:Alias");
        assertEquals(key.ref("keyId"), alias.properties().get("targetKeyId"));
        assertEquals("alias/kyeol-pulumi-secrets", at(YAML, "config.keyAlias.default"));
    }

    @Test
    void theKeyAndTheBucketAreProtected() {
        assertEquals(true, one("aws:kms:Key").options().get("protect"));
        assertEquals(true, one("aws:s3:BucketV2").options().get("protect"));
    }

    @Test
    void outputsNameTheBucketAndTheSecretsProvider() {
        Map<String, Object> outputs = map(YAML.get("outputs"));
        assertEquals(one("aws:s3:BucketV2").ref("bucket"), outputs.get("bucketName"));
        assertEquals(one("aws:kms:Alias").ref("name"), outputs.get("keyAlias"));
        assertEquals("awskms://" + one("aws:kms:Alias").ref("name") + "?region=${region}", outputs.get("secretsProvider"));
    }

    @Test
    void everyResourceUsesTheExplicitProviderPinnedToThePlatformsAwsVersion() throws Exception {
        Declared provider = one("pulumi:providers:aws");
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher version = Pattern.compile("<pulumi-aws.version>([^<]+)</pulumi-aws.version>").matcher(pom);
        assertTrue(version.find());
        assertEquals(version.group(1), provider.options().get("version"));
        RESOURCES.forEach((name, body) -> {
            if (!name.equals(provider.name())) {
                assertEquals("${" + provider.name() + "}", at(body, "options.provider"), name + " must use the explicit provider");
            }
        });
    }

    // ---- the program against the pinned aws SDK: types, properties, required properties, outputs ----

    @Test
    void everyTypePropertyAndOutputExistsInThePinnedAwsSdk() {
        List<String> problems = new ArrayList<>();
        RESOURCES.forEach((name, body) -> {
            String type = String.valueOf(map(body).get("type"));
            Optional<Class<?>> resource = resourceClass(type);
            if (resource.isEmpty()) {
                problems.add(name + ": type " + type + " is not in the aws SDK");
                return;
            }
            checkArgs(name, args(resource.get()), map(map(body).getOrDefault("properties", Map.of())), problems);
        });
        checkReferences(problems);
        assertEquals(List.of(), problems);
    }

    @Test
    void theSchemaCheckCatchesAMisspelledPropertyAndAMissingRequiredOne() {
        List<String> problems = new ArrayList<>();
        checkArgs("x", args(resourceClass("aws:s3:BucketVersioningV2").orElseThrow()),
                Map.of("bucket", "b", "versioningConfiguration", Map.of("stauts", "Enabled")), problems);
        assertEquals(List.of("x.versioningConfiguration: no property stauts", "x.versioningConfiguration: status is required"), problems);
        assertTrue(resourceClass("aws:s3:BucketV3").isEmpty());
    }

    /** {@code aws:s3:BucketV2} -> {@code com.pulumi.aws.s3.BucketV2}; {@code pulumi:providers:aws} -> the provider. */
    private static Optional<Class<?>> resourceClass(String type) {
        String[] parts = type.split(":");
        String className = type.equals("pulumi:providers:aws") ? "com.pulumi.aws.Provider"
                : parts.length == 3 && parts[0].equals("aws") ? "com.pulumi.aws." + parts[1] + "." + parts[2] : null;
        try {
            Class<?> c = Class.forName(className == null ? "" : className);
            ResourceType annotation = c.getAnnotation(ResourceType.class);
            return annotation != null && annotation.type().endsWith(":" + parts[parts.length - 1]) ? Optional.of(c) : Optional.empty();
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
    }

    private static Class<?> args(Class<?> resource) {
        try {
            return Class.forName(resource.getName() + "Args");
        } catch (ClassNotFoundException e) {
            throw new AssertionError("no args class for " + resource, e);
        }
    }

    private static void checkArgs(String where, Class<?> argsClass, Map<String, Object> given, List<String> problems) {
        Map<String, Field> fields = new TreeMap<>();
        for (Field f : argsClass.getDeclaredFields()) {
            Import imported = f.getAnnotation(Import.class);
            if (imported != null) {
                fields.put(imported.name(), f);
            }
        }
        given.forEach((property, value) -> {
            Field field = fields.get(property);
            if (field == null) {
                problems.add(where + ": no property " + property);
                return;
            }
            Type inner = outputType(field.getGenericType());
            if (value instanceof Map<?, ?> nested && !isExpression(nested) && inner instanceof Class<?> c && isArgs(c)) {
                checkArgs(where + "." + property, c, map(nested), problems);
            } else if (value instanceof List<?> items && inner instanceof ParameterizedType p
                    && p.getRawType() == List.class && p.getActualTypeArguments()[0] instanceof Class<?> c && isArgs(c)) {
                items.forEach(item -> checkArgs(where + "." + property + "[]", c, map(item), problems));
            }
        });
        fields.forEach((property, field) -> {
            if (required(argsClass, field) && !given.containsKey(property)) {
                problems.add(where + ": " + property + " is required");
            }
        });
    }

    private static boolean isExpression(Map<?, ?> value) {
        return value.keySet().stream().anyMatch(k -> String.valueOf(k).startsWith("fn::"));
    }

    private static boolean isArgs(Class<?> c) {
        return ResourceArgs.class.isAssignableFrom(c);
    }

    /** {@code Output<T>} -> T. */
    private static Type outputType(Type type) {
        return type instanceof ParameterizedType p && p.getRawType() == Output.class ? p.getActualTypeArguments()[0] : type;
    }

    /** The SDK marks a required input by an accessor returning {@code Output<T>} rather than {@code Optional<Output<T>>}. */
    private static boolean required(Class<?> argsClass, Field field) {
        try {
            return argsClass.getMethod(field.getName()).getReturnType() == Output.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** Every {@code ${name.property}} names a resource output; every {@code ${name}} a config key, variable or resource. */
    private static void checkReferences(List<String> problems) {
        Set<String> known = new HashSet<>(RESOURCES.keySet());
        known.addAll(map(YAML.get("config")).keySet());
        known.addAll(map(YAML.get("variables")).keySet());
        Matcher m = REFERENCE.matcher(String.valueOf(YAML.get("resources")) + YAML.get("variables") + YAML.get("outputs"));
        while (m.find()) {
            String name = m.group(1);
            if (!known.contains(name)) {
                problems.add("${" + name + "} names nothing the program declares");
            } else if (m.group(2) != null) {
                Optional<Class<?>> resource = RESOURCES.containsKey(name)
                        ? resourceClass(String.valueOf(map(RESOURCES.get(name)).get("type"))) : Optional.empty();
                if (resource.isEmpty() || !hasOutput(resource.get(), m.group(2))) {
                    problems.add(m.group() + ": " + name + " has no output " + m.group(2));
                }
            }
        }
    }

    private static boolean hasOutput(Class<?> resource, String output) {
        if (output.equals("id") || output.equals("urn")) {
            return true;
        }
        for (Class<?> c = resource; c != null; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                Export export = f.getAnnotation(Export.class);
                if (export != null && export.name().equals(output)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<Object> asList(Object value) {
        return value instanceof List<?> l ? List.copyOf(l) : value == null ? List.of() : List.of(value);
    }
}
