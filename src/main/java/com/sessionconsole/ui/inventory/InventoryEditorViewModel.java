package com.sessionconsole.ui.inventory;

import com.sessionconsole.fleet.InstanceKind;
import com.sessionconsole.fleet.inventory.InstanceConfig;
import com.sessionconsole.fleet.inventory.Inventory;
import com.sessionconsole.fleet.inventory.Secret;
import com.sessionconsole.fleet.inventory.ShardConfig;
import com.sessionconsole.fleet.inventory.TlsMode;
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

    /** A shard being edited; its password follows {@link SecretDraft}'s rules. */
    public static final class ShardDraft {
        final StringProperty shardId = new SimpleStringProperty("");
        final StringProperty shardSerialId = new SimpleStringProperty("");
        final StringProperty host = new SimpleStringProperty("127.0.0.1");
        final StringProperty port = new SimpleStringProperty("3306");
        final StringProperty user = new SimpleStringProperty("");
        final SecretDraft secret = new SecretDraft(Secret.Source.PLAIN);
        final ObjectProperty<Secret.Source> passwordSource = secret.source;
        final StringProperty password = secret.value;
        final StringProperty passwordReference = secret.reference;
        final ObjectProperty<TlsMode> tls = new SimpleObjectProperty<>(TlsMode.PREFERRED);

        static ShardDraft of(ShardConfig config) {
            ShardDraft draft = new ShardDraft();
            draft.shardId.set(config.shardId());
            draft.shardSerialId.set(config.shardSerialId());
            draft.host.set(config.host());
            draft.port.set(String.valueOf(config.port()));
            draft.user.set(config.user());
            draft.secret.load(config.password());
            draft.tls.set(config.tls());
            return draft;
        }

        ShardConfig toConfig() {
            int number;
            try {
                number = Integer.parseInt(port.get().strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("port: '" + port.get() + "' is not a number");
            }
            Secret secret = this.secret.toSecret("password");
            return new ShardConfig(shardId.get().strip(), shardSerialId.get().strip(), host.get().strip(), number,
                    user.get().strip(), secret, tls.get());
        }

        /** Whether the operator typed anything of it (a new entry starts with one blank shard). */
        boolean typed() {
            return !shardId.get().isBlank() || !shardSerialId.get().isBlank() || !user.get().isBlank();
        }

        @Override
        public String toString() {
            return shardId.get().isBlank() ? "(new shard)" : shardId.get();
        }
    }

    /**
     * An entry being edited: self-managed shards, a DCDB instance, or a Tencent Cloud account. A cloud entry's
     * endpoint and credentials are in {@link #cloud}; its shards are discovered, so it has none here.
     */
    public static final class InstanceDraft {
        final ObjectProperty<InstanceKind> kind;
        final StringProperty id = new SimpleStringProperty("");
        final StringProperty name = new SimpleStringProperty("");
        final StringProperty region = new SimpleStringProperty("");
        final ObservableList<ShardDraft> shards = FXCollections.observableArrayList();
        final CloudDraft cloud;

        InstanceDraft(InstanceKind kind, CloudDraft cloud) {
            this.kind = new SimpleObjectProperty<>(kind);
            this.cloud = cloud;
            // A cloud entry needs a region: an entry turned into one starts in the default region.
            this.kind.addListener((obs, was, now) -> {
                if (now != null && now.cloud() && (region.get() == null || region.get().isBlank())) {
                    region.set(Regions.DEFAULT);
                }
            });
        }

        static InstanceDraft of(InstanceConfig config) {
            InstanceDraft draft = new InstanceDraft(config.kind(), config.kind().cloud() ? CloudDraft.of(config)
                    : new CloudDraft());
            draft.id.set(config.id());
            draft.name.set(config.name());
            draft.region.set(config.region());
            config.shards().forEach(s -> draft.shards.add(ShardDraft.of(s)));
            return draft;
        }

        InstanceConfig toConfig() {
            InstanceKind chosen = kind.get() == null ? InstanceKind.MYSQL : kind.get();
            String where = (chosen == InstanceKind.DCDB_ACCOUNT ? "account " : "instance ")
                    + (id.get().isBlank() ? "(new)" : id.get());
            String region = this.region.get() == null ? "" : this.region.get().strip();
            if (chosen.cloud()) {
                long typed = shards.stream().filter(ShardDraft::typed).count();
                if (typed > 0) {
                    // Saving would drop them without a word: the operator removes them, knowingly, first.
                    throw new IllegalArgumentException(where + ": its " + typed + " shard(s) would be lost:"
                            + " a cloud entry discovers its shards. Switch it back to self-managed shards and remove"
                            + " them first");
                }
                try {
                    return cloud.toConfig(id.get().strip(), name.get().strip(), chosen, region);
                } catch (IllegalArgumentException | NullPointerException e) {
                    throw new IllegalArgumentException(where + ": " + e.getMessage());
                }
            }
            List<ShardConfig> configs = new ArrayList<>();
            for (int i = 0; i < shards.size(); i++) {
                try {
                    configs.add(shards.get(i).toConfig());
                } catch (IllegalArgumentException | NullPointerException e) {
                    throw new IllegalArgumentException(where + ", shard " + (i + 1) + " (" + shards.get(i) + "): " + e.getMessage());
                }
            }
            try {
                return new InstanceConfig(id.get().strip(), name.get().strip(), InstanceKind.MYSQL, region, configs, null);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage());
            }
        }

        @Override
        public String toString() {
            String shown = id.get().isBlank() ? "(new entry)" : id.get();
            InstanceKind chosen = kind.get();
            return chosen == null || chosen == InstanceKind.MYSQL ? shown : shown + "  (" + chosen.yamlName() + ")";
        }
    }

    private final ObservableList<InstanceDraft> instances = FXCollections.observableArrayList();
    private final Path file;
    private final StringProperty problem = new SimpleStringProperty("");

    InventoryEditorViewModel(Inventory inventory, Path file) {
        this.file = file;
        inventory.instances().forEach(i -> instances.add(InstanceDraft.of(i)));
    }

    /** A new entry of self-managed shards, with its first shard. */
    public InstanceDraft addInstance() {
        return addEntry(InstanceKind.MYSQL);
    }

    /** A new entry of the given kind; a cloud entry starts in {@link Regions#DEFAULT}, its secrets from the SDK's variables. */
    public InstanceDraft addEntry(InstanceKind kind) {
        InstanceDraft draft = new InstanceDraft(kind, new CloudDraft());
        draft.shards.add(new ShardDraft());
        if (kind.cloud()) {
            draft.region.set(Regions.DEFAULT);
        }
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
            draft.tls.set(previous.tls.get());
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
