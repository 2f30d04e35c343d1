package com.kyeol.platform.plan;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the property structs the SDK sends to the engine into plain JSON-able values. Pulumi's special
 * objects are decoded: secrets become {@link #SECRET}, unknowns {@link #UNKNOWN}, resource references
 * their URN. This is the one place plan output is produced from, so no secret can slip past it.
 */
final class StructJson {

    static final String SECRET = "[secret]";
    static final String UNKNOWN = "[unknown]";

    static final String SIG_KEY = "4dabf18193072939515e22adb298388d";
    static final String SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
    static final String RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
    static final String OUTPUT_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
    static final String UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

    private StructJson() {
    }

    static Map<String, Object> toMap(Struct struct) {
        Map<String, Object> out = new TreeMap<>();
        struct.getFieldsMap().forEach((k, v) -> out.put(k, toJava(v)));
        return out;
    }

    static Object toJava(Value value) {
        switch (value.getKindCase()) {
            case NULL_VALUE:
            case KIND_NOT_SET:
                return null;
            case BOOL_VALUE:
                return value.getBoolValue();
            case NUMBER_VALUE:
                double d = value.getNumberValue();
                return d == Math.rint(d) && Math.abs(d) < 1e15 ? (Object) (long) d : (Object) d;
            case STRING_VALUE:
                return UNKNOWN_VALUE.equals(value.getStringValue()) ? UNKNOWN : value.getStringValue();
            case LIST_VALUE:
                List<Object> list = new ArrayList<>();
                value.getListValue().getValuesList().forEach(v -> list.add(toJava(v)));
                return list;
            case STRUCT_VALUE:
                return special(value.getStructValue());
            default:
                throw new IllegalStateException("unexpected protobuf value kind " + value.getKindCase());
        }
    }

    private static Object special(Struct struct) {
        Value sig = struct.getFieldsMap().get(SIG_KEY);
        if (sig == null) {
            Map<String, Object> map = new LinkedHashMap<>(toMap(struct));
            return map;
        }
        String kind = sig.getStringValue();
        Map<String, Value> fields = struct.getFieldsMap();
        if (SECRET_SIG.equals(kind)) {
            return SECRET;
        }
        if (RESOURCE_SIG.equals(kind)) {
            return fields.containsKey("urn") ? fields.get("urn").getStringValue() : UNKNOWN;
        }
        if (OUTPUT_SIG.equals(kind)) {
            if (fields.containsKey("secret") && fields.get("secret").getBoolValue()) {
                return SECRET;
            }
            return fields.containsKey("value") ? toJava(fields.get("value")) : UNKNOWN;
        }
        return toMap(struct);
    }

    /** True when {@code value} holds a secret anywhere inside it. */
    static boolean containsSecret(Value value) {
        if (value.hasStructValue()) {
            Map<String, Value> fields = value.getStructValue().getFieldsMap();
            Value sig = fields.get(SIG_KEY);
            if (sig != null && SECRET_SIG.equals(sig.getStringValue())) {
                return true;
            }
            if (sig != null && OUTPUT_SIG.equals(sig.getStringValue()) && fields.containsKey("secret")
                    && fields.get("secret").getBoolValue()) {
                return true;
            }
            return fields.values().stream().anyMatch(StructJson::containsSecret);
        }
        if (value.hasListValue()) {
            return value.getListValue().getValuesList().stream().anyMatch(StructJson::containsSecret);
        }
        return false;
    }

    /** Wraps {@code value} the way the engine marks a secret output. */
    static Value secret(Value value) {
        return Value.newBuilder().setStructValue(Struct.newBuilder()
                .putFields(SIG_KEY, Value.newBuilder().setStringValue(SECRET_SIG).build())
                .putFields("value", value)
                .build()).build();
    }
}
