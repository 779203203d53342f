package com.sessionconsole.ui.inventory;

import com.sessionconsole.fleet.InstanceKind;
import com.sessionconsole.fleet.inventory.InstanceConfig;
import com.sessionconsole.fleet.inventory.Inventory;
import com.sessionconsole.fleet.inventory.Secret;
import com.sessionconsole.fleet.inventory.ShardConfig;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The inventory dialog's drafts: instances and shards as the operator types them. Checking goes through the
 * inventory's own records, whose messages name the field, prefixed with where the field is.
 */
final class InventoryEditorViewModel {

    /**
     * A shard being edited. The typed password ({@link #password}, shown only in a PasswordField) and the
     * environment variable or file that holds it ({@link #passwordReference}) are separate: the value is
     * cleared as soon as the source is no longer "password" and is never copied into the reference.
     */
    public static final class ShardDraft {
        final StringProperty shardId = new SimpleStringProperty("");
        final StringProperty shardSerialId = new SimpleStringProperty("");
        final StringProperty host = new SimpleStringProperty("127.0.0.1");
        final StringProperty port = new SimpleStringProperty("3306");
        final StringProperty user = new SimpleStringProperty("");
        final ObjectProperty<Secret.Source> passwordSource = new SimpleObjectProperty<>(Secret.Source.PLAIN);
        final StringProperty password = new SimpleStringProperty("");
        final StringProperty passwordReference = new SimpleStringProperty("");

        ShardDraft() {
            passwordSource.addListener((obs, was, now) -> {
                if (now != Secret.Source.PLAIN) {
                    password.set("");
                }
            });
        }

        static ShardDraft of(ShardConfig config) {
            ShardDraft draft = new ShardDraft();
            draft.shardId.set(config.shardId());
            draft.shardSerialId.set(config.shardSerialId());
            draft.host.set(config.host());
            draft.port.set(String.valueOf(config.port()));
            draft.user.set(config.user());
            Secret secret = config.password();
            draft.passwordSource.set(secret.source());
            if (secret.source() == Secret.Source.PLAIN) {
                draft.password.set(secret.reference());
            } else if (secret.source() != Secret.Source.NONE) {
                draft.passwordReference.set(secret.reference());
            }
            return draft;
        }

        ShardConfig toConfig() {
            int number;
            try {
                number = Integer.parseInt(port.get().strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("port: '" + port.get() + "' is not a number");
            }
            Secret.Source source = passwordSource.get();
            Secret secret;
            if (source == null) {
                throw new IllegalArgumentException("password: choose where the password comes from");
            } else if (source == Secret.Source.PLAIN) {
                secret = Secret.plain(password.get());
            } else if (source == Secret.Source.ENV || source == Secret.Source.FILE) {
                String reference = passwordReference.get().strip();
                if (reference.isEmpty()) {
                    throw new IllegalArgumentException("password: name the " + (source == Secret.Source.ENV ? "environment variable" : "file"));
                }
                secret = new Secret(source, reference);
            } else {
                secret = Secret.NONE;
            }
            return new ShardConfig(shardId.get().strip(), shardSerialId.get().strip(), host.get().strip(), number,
                    user.get().strip(), secret);
        }

        @Override
        public String toString() {
            return shardId.get().isBlank() ? "(new shard)" : shardId.get();
        }
    }

    /** An instance being edited. DCDB instances are kept as they are: their endpoint is edited in the file. */
    public static final class InstanceDraft {
        final StringProperty id = new SimpleStringProperty("");
        final StringProperty name = new SimpleStringProperty("");
        final StringProperty region = new SimpleStringProperty("");
        final ObservableList<ShardDraft> shards = FXCollections.observableArrayList();
        final InstanceConfig cloud;

        InstanceDraft(InstanceConfig cloud) {
            this.cloud = cloud;
        }

        static InstanceDraft of(InstanceConfig config) {
            InstanceDraft draft = new InstanceDraft(config.kind().cloud() ? config : null);
            draft.id.set(config.id());
            draft.name.set(config.name());
            draft.region.set(config.region());
            config.shards().forEach(s -> draft.shards.add(ShardDraft.of(s)));
            return draft;
        }

        boolean editable() {
            return cloud == null;
        }

        InstanceConfig toConfig() {
            if (cloud != null) {
                return cloud;
            }
            String where = id.get().isBlank() ? "new instance" : "instance " + id.get();
            List<ShardConfig> configs = new ArrayList<>();
            for (int i = 0; i < shards.size(); i++) {
                try {
                    configs.add(shards.get(i).toConfig());
                } catch (IllegalArgumentException | NullPointerException e) {
                    throw new IllegalArgumentException(where + ", shard " + (i + 1) + " (" + shards.get(i) + "): " + e.getMessage());
                }
            }
            try {
                return new InstanceConfig(id.get().strip(), name.get().strip(), InstanceKind.MYSQL, region.get().strip(), configs, null);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage());
            }
        }

        @Override
        public String toString() {
            String shown = id.get().isBlank() ? "(new instance)" : id.get();
            return cloud != null ? shown + "  (dcdb: edit in the file)" : shown;
        }
    }

    private final ObservableList<InstanceDraft> instances = FXCollections.observableArrayList();
    private final Path file;
    private final StringProperty problem = new SimpleStringProperty("");

    InventoryEditorViewModel(Inventory inventory, Path file) {
        this.file = file;
        inventory.instances().forEach(i -> instances.add(InstanceDraft.of(i)));
    }

    public InstanceDraft addInstance() {
        InstanceDraft draft = new InstanceDraft(null);
        draft.shards.add(new ShardDraft());
        instances.add(draft);
        return draft;
    }

    public ShardDraft addShard(InstanceDraft instance) {
        ShardDraft draft = new ShardDraft();
        if (!instance.shards.isEmpty()) {
            ShardDraft previous = instance.shards.get(instance.shards.size() - 1);
            draft.host.set(previous.host.get());
            draft.user.set(previous.user.get());
            draft.passwordSource.set(previous.passwordSource.get());
        }
        instance.shards.add(draft);
        return draft;
    }

    /** The inventory the drafts describe, or the first problem (naming the field) in {@link #problemProperty()}. */
    public Inventory toInventory() {
        try {
            List<InstanceConfig> configs = new ArrayList<>();
            for (InstanceDraft draft : instances) {
                configs.add(draft.toConfig());
            }
            Inventory inventory = new Inventory(file, configs, List.of());
            problem.set("");
            return inventory;
        } catch (IllegalArgumentException | NullPointerException e) {
            problem.set(e.getMessage());
            return null;
        }
    }

    /** One instance as a config, for "Test connection"; null with the problem set when a field is wrong. */
    public InstanceConfig check(InstanceDraft draft) {
        try {
            InstanceConfig config = draft.toConfig();
            problem.set("");
            return config;
        } catch (IllegalArgumentException | NullPointerException e) {
            problem.set(e.getMessage());
            return null;
        }
    }

    public ObservableList<InstanceDraft> instances() {
        return instances;
    }

    public Path file() {
        return file;
    }

    public StringProperty problemProperty() {
        return problem;
    }
}
