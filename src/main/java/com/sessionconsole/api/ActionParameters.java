package com.sessionconsole.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * An action's parameters, from a JSON body or a v1 form (whose values are all text). Every accessor refuses
 * a wrong value with the contract's code and the parameter's name.
 */
final class ActionParameters {
    private final ObjectNode tree;

    ActionParameters(ObjectNode tree) {
        this.tree = tree;
    }

    /** Refuses a parameter the action does not have: a misspelt name must not be silently ignored. */
    void allowOnly(Set<String> names) throws ApiError {
        for (Iterator<String> it = tree.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!names.contains(name)) {
                throw new ApiError(ApiError.UNKNOWN_PARAMETER, FormEncoding.printable(name)
                        + ": this action has no such parameter");
            }
        }
    }

    boolean has(String name) {
        JsonNode value = tree.get(name);
        return value != null && !value.isNull();
    }

    String string(String name) throws ApiError {
        JsonNode value = tree.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid(name, "must be a string");
        }
        return value.asText();
    }

    String requiredString(String name) throws ApiError {
        String value = string(name);
        if (value == null || value.isEmpty()) {
            throw new ApiError(ApiError.MISSING_PARAMETER, name + " is required");
        }
        return value;
    }

    long requiredLong(String name) throws ApiError {
        if (!has(name)) {
            throw new ApiError(ApiError.MISSING_PARAMETER, name + " is required");
        }
        return toLong(tree.get(name), name);
    }

    int intValue(String name, int defaultValue, int min, int max) throws ApiError {
        if (!has(name)) {
            return defaultValue;
        }
        long value = toLong(tree.get(name), name);
        if (value < min || value > max) {
            throw invalid(name, value + " is out of range (" + min + " to " + max + ")");
        }
        return (int) value;
    }

    List<Long> longList(String name) throws ApiError {
        JsonNode array = array(name);
        List<Long> values = new ArrayList<>();
        if (array != null) {
            for (int i = 0; i < array.size(); i++) {
                values.add(toLong(array.get(i), name + "." + i));
            }
        }
        return values;
    }

    List<String> stringList(String name) throws ApiError {
        JsonNode array = array(name);
        List<String> values = new ArrayList<>();
        if (array != null) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode item = array.get(i);
                if (!item.isTextual()) {
                    throw invalid(name + "." + i, "must be a string");
                }
                values.add(item.asText());
            }
        }
        return values;
    }

    /** The raw array node, for nested lists (Filters). */
    JsonNode array(String name) throws ApiError {
        JsonNode value = tree.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            throw invalid(name, "must be a list" + (value.isValueNode() ? " (in the GET form: " + name + ".0=...)" : ""));
        }
        return value;
    }

    static long toLong(JsonNode value, String name) throws ApiError {
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.asLong();
        }
        if (value.isTextual()) {
            try {
                return Long.parseLong(value.asText().strip());
            } catch (NumberFormatException e) {
                throw invalid(name, "'" + FormEncoding.printable(value.asText()) + "' is not an integer");
            }
        }
        throw invalid(name, "must be an integer");
    }

    static ApiError invalid(String name, String problem) {
        return new ApiError(ApiError.INVALID_PARAMETER, name + ": " + problem);
    }
}
