package com.sessionconsole.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The GET query / form body of the v1 form: {@code a=b&SessionId.0=1&Filters.0.Values.1=x}, decoded, and
 * turned into the same JSON tree a TC3 JSON body gives, so every action reads one shape.
 */
final class FormEncoding {
    private static final int MAX_PARAMS = 2_000;

    private FormEncoding() {
    }

    /** Decodes {@code k=v&...}; a name given twice is refused (which value would be signed?). */
    static Map<String, String> decode(String query) throws ApiError {
        Map<String, String> params = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return params;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name;
            String value;
            try {
                name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new ApiError(ApiError.INVALID_REQUEST, "the query string is not URL-encoded correctly near '"
                        + printable(pair) + "'");
            }
            if (params.put(name, value) != null) {
                throw new ApiError(ApiError.INVALID_PARAMETER, printable(name) + ": given twice");
            }
            if (params.size() > MAX_PARAMS) {
                throw new ApiError(ApiError.INVALID_REQUEST, "more than " + MAX_PARAMS + " parameters");
            }
        }
        return params;
    }

    /** {@code SessionId.0=1, SessionId.1=2} becomes {@code {"SessionId":["1","2"]}}; values stay text. */
    static ObjectNode unflatten(Map<String, String> params) throws ApiError {
        Map<String, Object> root = new LinkedHashMap<>();
        for (Map.Entry<String, String> param : params.entrySet()) {
            String[] path = param.getKey().split("\\.", -1);
            Map<String, Object> at = root;
            for (int i = 0; i < path.length; i++) {
                String segment = path[i];
                if (segment.isEmpty()) {
                    throw new ApiError(ApiError.INVALID_PARAMETER, printable(param.getKey()) + ": not a parameter name");
                }
                boolean last = i == path.length - 1;
                Object existing = at.get(segment);
                if (last) {
                    if (existing != null) {
                        throw conflict(param.getKey());
                    }
                    at.put(segment, param.getValue());
                } else {
                    if (existing instanceof String) {
                        throw conflict(param.getKey());
                    }
                    @SuppressWarnings("unchecked")
                    Map<String, Object> child = (Map<String, Object>) existing;
                    if (child == null) {
                        child = new LinkedHashMap<>();
                        at.put(segment, child);
                    }
                    at = child;
                }
            }
        }
        return (ObjectNode) toJson(root, "");
    }

    private static JsonNode toJson(Object value, String path) throws ApiError {
        if (value instanceof String) {
            return TextNode.valueOf((String) value);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) value;
        boolean allIndexes = !map.isEmpty() && map.keySet().stream().allMatch(k -> k.matches("\\d{1,4}"));
        if (allIndexes && !path.isEmpty()) {
            TreeMap<Integer, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(Integer.parseInt(k), v));
            if (sorted.firstKey() != 0 || sorted.lastKey() != sorted.size() - 1) {
                throw new ApiError(ApiError.INVALID_PARAMETER, path + ": array indexes must run 0, 1, 2, ... without gaps");
            }
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            for (Map.Entry<Integer, Object> item : sorted.entrySet()) {
                array.add(toJson(item.getValue(), path + "." + item.getKey()));
            }
            return array;
        }
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, Object> field : map.entrySet()) {
            object.set(field.getKey(), toJson(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey()));
        }
        return object;
    }

    private static ApiError conflict(String name) {
        return new ApiError(ApiError.INVALID_PARAMETER, printable(name) + ": given both as a value and as a list or object");
    }

    static String printable(String text) {
        String clean = text.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 80 ? clean.substring(0, 80) + "..." : clean;
    }
}
