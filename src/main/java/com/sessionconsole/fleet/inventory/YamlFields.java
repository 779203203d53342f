package com.sessionconsole.fleet.inventory;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the fields of a YAML file strictly, every problem located by file, line and field: a mapping with no
 * unknown or repeated key, a required or optional single value, a port, a secret source.
 */
final class YamlFields {
    private final Path file;
    private final boolean checkSecrets;
    private boolean plainSecrets;

    /** @param checkSecrets whether a secret's variable or file must be usable now, not only well formed */
    YamlFields(Path file, boolean checkSecrets) {
        this.file = file;
        this.checkSecrets = checkSecrets;
    }

    /** Whether a plain password was read: the file should then be readable by its owner only. */
    boolean plainSecrets() {
        return plainSecrets;
    }

    int port(Map<String, Node> fields, Node owner, String path) throws InventoryException {
        String text = required(fields, owner, path, "port");
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw error(fields.get("port"), path + ".port", "'" + text + "' is not a TCP port (1-65535)");
    }

    Secret secret(Map<String, Node> fields, String path, String plainKey, String envKey, String fileKey)
            throws InventoryException {
        return secret(fields, path, plainKey, envKey, fileKey, true);
    }

    /**
     * @param plainIsSecret whether a value written in the file itself is a secret (a password, a SecretKey),
     *                      for the warning about a file others can read; a SecretId is not
     */
    Secret secret(Map<String, Node> fields, String path, String plainKey, String envKey, String fileKey,
                  boolean plainIsSecret) throws InventoryException {
        List<String> given = new ArrayList<>();
        for (String key : new String[] {plainKey, envKey, fileKey}) {
            if (key != null && fields.containsKey(key)) {
                given.add(key);
            }
        }
        if (given.size() > 1) {
            throw error(fields.get(given.get(1)), path + "." + given.get(1),
                    "give only one of " + String.join(", ", given));
        }
        if (given.isEmpty()) {
            return Secret.NONE;
        }
        String key = given.get(0);
        String value = scalar(fields.get(key), path + "." + key);
        if (key.equals(plainKey)) {
            plainSecrets |= plainIsSecret;
            return Secret.plain(value);
        }
        if (value.isBlank()) {
            throw error(fields.get(key), path + "." + key, "must not be empty");
        }
        Secret secret = key.equals(envKey) ? Secret.env(value) : Secret.file(value);
        if (checkSecrets) {
            String problem = secret.problem();
            if (problem != null) {
                throw error(fields.get(key), path + "." + key, problem);
            }
        }
        return secret;
    }

    /** A list of single values, or one value alone; null when the key is absent. */
    List<String> stringList(Map<String, Node> fields, Node owner, String path, String key) throws InventoryException {
        Node value = fields.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof ScalarNode) {
            return List.of(scalar(value, join(path, key)).strip());
        }
        if (!(value instanceof SequenceNode)) {
            throw error(value, join(path, key), "must be a list of values");
        }
        List<String> items = new ArrayList<>();
        List<Node> nodes = ((SequenceNode) value).getValue();
        for (int i = 0; i < nodes.size(); i++) {
            items.add(scalar(nodes.get(i), join(path, key) + "[" + i + "]").strip());
        }
        return items;
    }

    /** A mapping of single values (tags); empty when the key is absent. */
    Map<String, String> stringMap(Map<String, Node> fields, String path, String key) throws InventoryException {
        Node value = fields.get(key);
        Map<String, String> map = new LinkedHashMap<>();
        if (value == null) {
            return map;
        }
        String at = join(path, key);
        for (Map.Entry<String, Node> entry : mapping(value, at, null).entrySet()) {
            map.put(entry.getKey(), scalar(entry.getValue(), at + "." + entry.getKey()));
        }
        return map;
    }

    interface Builder<T> {
        T build() throws InventoryException;
    }

    /** Runs a record constructor and turns its validation message into a located error. */
    <T> T build(Map<String, Node> fields, Node owner, String path, String defaultField, Builder<T> builder)
            throws InventoryException {
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            int colon = message.indexOf(": ");
            String field = colon > 0 ? message.substring(0, colon) : defaultField;
            String problem = colon > 0 ? message.substring(colon + 2) : message;
            Node at = fields.getOrDefault(field, owner);
            throw error(at, path + "." + field, problem);
        }
    }

    Map<String, Node> mapping(Node node, String path, Set<String> allowed) throws InventoryException {
        if (!(node instanceof MappingNode)) {
            throw error(node, path.isEmpty() ? "(top level)" : path, "must be a mapping of key: value");
        }
        Map<String, Node> fields = new LinkedHashMap<>();
        for (NodeTuple tuple : ((MappingNode) node).getValue()) {
            String key = scalar(tuple.getKeyNode(), path);
            if (fields.put(key, tuple.getValueNode()) != null) {
                throw error(tuple.getKeyNode(), join(path, key), "given twice");
            }
        }
        if (allowed != null) {
            checkKeys(fields, path, allowed);
        }
        return fields;
    }

    void checkKeys(Map<String, Node> fields, String path, Set<String> allowed) throws InventoryException {
        for (Map.Entry<String, Node> field : fields.entrySet()) {
            if (!allowed.contains(field.getKey())) {
                throw error(field.getValue(), join(path, field.getKey()), "unknown field (expected one of "
                        + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
        }
    }

    String required(Map<String, Node> fields, Node owner, String path, String key) throws InventoryException {
        Node value = fields.get(key);
        if (value == null) {
            throw error(owner, join(path, key), "missing (required)");
        }
        String text = scalar(value, join(path, key));
        if (text.isBlank()) {
            throw error(value, join(path, key), "must not be empty");
        }
        return text;
    }

    String optional(Map<String, Node> fields, String path, String key) throws InventoryException {
        Node value = fields.get(key);
        return value == null ? null : scalar(value, join(path, key));
    }

    String scalar(Node node, String path) throws InventoryException {
        if (!(node instanceof ScalarNode)) {
            throw error(node, path, "must be a single value");
        }
        return ((ScalarNode) node).getValue();
    }

    InventoryException error(Node node, String field, String problem) {
        return new InventoryException(file, node == null ? 0 : line(node), field, problem);
    }

    static int line(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** A whole number from {@code min} to {@code max}, or {@code fallback} when the key is absent. */
    long number(Map<String, Node> fields, String path, String key, long min, long max, long fallback)
            throws InventoryException {
        String text = optional(fields, path, key);
        if (text == null) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw error(fields.get(key), join(path, key), "'" + text + "' is not a whole number from " + min + " to "
                + max);
    }
}
