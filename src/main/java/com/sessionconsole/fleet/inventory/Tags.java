package com.sessionconsole.fleet.inventory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Resource tags (key to value) as the inventory keeps them: an ordered, checked, unmodifiable copy. */
final class Tags {
    private static final Pattern TEXT = Pattern.compile("[^\\p{Cntrl}]*");

    private Tags() {
    }

    static Map<String, String> checked(Map<String, String> tags) {
        Map<String, String> copy = new LinkedHashMap<>();
        if (tags != null) {
            for (Map.Entry<String, String> tag : tags.entrySet()) {
                String key = tag.getKey() == null ? "" : tag.getKey().strip();
                String value = tag.getValue() == null ? "" : tag.getValue().strip();
                if (key.isEmpty() || key.length() > 127 || !TEXT.matcher(key).matches()) {
                    throw new IllegalArgumentException("tags: '" + key + "' is not a tag key (1 to 127 characters)");
                }
                if (value.length() > 255 || !TEXT.matcher(value).matches()) {
                    throw new IllegalArgumentException("tags: the value of " + key + " is not a tag value (at most 255"
                            + " characters)");
                }
                copy.put(key, value);
            }
        }
        return Collections.unmodifiableMap(copy);
    }
}
