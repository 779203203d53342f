package com.sessionconsole.api;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the server's keys file strictly, like the inventory: unknown fields, duplicates and bad values are
 * refused with file, line and field. The file holds SecretKeys in plain text, so a file that group or others
 * can read is refused outright (not merely warned about as the inventory does).
 */
public final class ApiKeysLoader {
    private static final Set<String> TOP_KEYS = Set.of("keys");
    private static final Set<String> KEY_FIELDS = Set.of("secretId", "secretKey", "permission", "instances");

    private final Path file;

    private ApiKeysLoader(Path file) {
        this.file = file;
    }

    public static ApiKeys load(Path file) throws KeysFileException {
        Set<PosixFilePermission> permissions;
        String text;
        try {
            permissions = Files.getPosixFilePermissions(file);
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new KeysFileException(file, 0, null, "no such file");
        } catch (UnsupportedOperationException e) {
            permissions = Set.of(); // not a POSIX file system: nothing to check
            text = read(file);
        } catch (IOException e) {
            throw new KeysFileException(file, 0, null, "cannot read: " + e.getMessage());
        }
        if (permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)
                || permissions.contains(PosixFilePermission.GROUP_WRITE)
                || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new KeysFileException(file, 0, null, "holds SecretKeys but group or others may read or write it;"
                    + " refused. Run: chmod 600 " + file);
        }
        return parse(file, text);
    }

    private static String read(Path file) throws KeysFileException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new KeysFileException(file, 0, null, "cannot read: " + e.getMessage());
        }
    }

    /** Parses keys-file text; {@code source} only names it in messages. */
    public static ApiKeys parse(Path source, String text) throws KeysFileException {
        return new ApiKeysLoader(source).parse(text);
    }

    private ApiKeys parse(String text) throws KeysFileException {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(10);
            root = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new KeysFileException(file, line, null, "not valid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw new KeysFileException(file, 0, null, "not valid YAML: " + e.getMessage());
        }
        if (root == null) {
            throw new KeysFileException(file, 0, "keys", "no keys: the server would refuse every request");
        }
        Map<String, Node> top = mapping(root, "", TOP_KEYS);
        Node list = top.get("keys");
        if (!(list instanceof SequenceNode) || ((SequenceNode) list).getValue().isEmpty()) {
            throw error(list == null ? root : list, "keys", "must be a non-empty list of keys");
        }
        List<ApiKey> keys = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        List<Node> items = ((SequenceNode) list).getValue();
        for (int i = 0; i < items.size(); i++) {
            String path = "keys[" + i + "]";
            Node node = items.get(i);
            Map<String, Node> fields = mapping(node, path, KEY_FIELDS);
            String secretId = required(fields, node, path, "secretId");
            String secretKey = required(fields, node, path, "secretKey");
            String permissionText = required(fields, node, path, "permission");
            Set<String> instances = instances(fields.get("instances"), path + ".instances");
            Integer previous = seen.putIfAbsent(secretId, line(fields.get("secretId")));
            if (previous != null) {
                throw error(fields.get("secretId"), path + ".secretId", "duplicate SecretId '" + secretId
                        + "' (first at line " + previous + ")");
            }
            try {
                keys.add(new ApiKey(secretId, secretKey, ApiKey.Permission.fromYaml(permissionText), instances));
            } catch (IllegalArgumentException e) {
                String message = e.getMessage();
                int colon = message.indexOf(": ");
                String field = colon > 0 ? message.substring(0, colon) : "secretId";
                throw error(fields.getOrDefault(field, node), path + "." + field,
                        colon > 0 ? message.substring(colon + 2) : message);
            }
        }
        return ApiKeys.of(keys);
    }

    private Set<String> instances(Node node, String path) throws KeysFileException {
        if (node == null) {
            return Set.of();
        }
        if (!(node instanceof SequenceNode) || ((SequenceNode) node).getValue().isEmpty()) {
            throw error(node, path, "must be a non-empty list of instance ids (leave it out for all instances)");
        }
        Set<String> ids = new LinkedHashSet<>();
        for (Node item : ((SequenceNode) node).getValue()) {
            String id = scalar(item, path);
            if (!com.sessionconsole.fleet.Ids.isInstanceId(id)) {
                throw error(item, path, "'" + id + "' is not an instance id");
            }
            ids.add(id);
        }
        return ids;
    }

    private Map<String, Node> mapping(Node node, String path, Set<String> allowed) throws KeysFileException {
        if (!(node instanceof MappingNode)) {
            throw error(node, path.isEmpty() ? "(top level)" : path, "must be a mapping of key: value");
        }
        Map<String, Node> fields = new LinkedHashMap<>();
        for (NodeTuple tuple : ((MappingNode) node).getValue()) {
            String key = scalar(tuple.getKeyNode(), path);
            String at = path.isEmpty() ? key : path + "." + key;
            if (!allowed.contains(key)) {
                throw error(tuple.getKeyNode(), at, "unknown field (expected one of "
                        + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
            if (fields.put(key, tuple.getValueNode()) != null) {
                throw error(tuple.getKeyNode(), at, "given twice");
            }
        }
        return fields;
    }

    private String required(Map<String, Node> fields, Node owner, String path, String key) throws KeysFileException {
        Node value = fields.get(key);
        if (value == null) {
            throw error(owner, path + "." + key, "missing (required)");
        }
        String text = scalar(value, path + "." + key);
        if (text.isBlank()) {
            throw error(value, path + "." + key, "must not be empty");
        }
        return text;
    }

    private String scalar(Node node, String path) throws KeysFileException {
        if (!(node instanceof ScalarNode)) {
            throw error(node, path, "must be a single value");
        }
        return ((ScalarNode) node).getValue();
    }

    private KeysFileException error(Node node, String field, String problem) {
        return new KeysFileException(file, line(node), field, problem);
    }

    private static int line(Node node) {
        return node == null || node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }
}
