package com.kyeol.platform.plan;

import java.util.Map;
import java.util.Set;

/** The outputs of a stack another stack references, as its own offline plan produced them. */
public record ReferencedStack(Map<String, Object> outputs, Set<String> secretOutputNames) {
}
