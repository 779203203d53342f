package com.sessionconsole.ui.inventory;

import com.sessionconsole.fleet.inventory.InstanceConfig;
import com.sessionconsole.fleet.inventory.Inventory;
import com.sessionconsole.fleet.inventory.Secret;
import com.sessionconsole.killsession.KillSessionService;
import com.sessionconsole.ui.common.Background;
import com.sessionconsole.ui.common.Problems;
import com.sessionconsole.ui.inventory.InventoryEditorViewModel.InstanceDraft;
import com.sessionconsole.ui.inventory.InventoryEditorViewModel.ShardDraft;
import javafx.beans.property.Property;
import javafx.event.ActionEvent;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.Pane;
import javafx.util.StringConverter;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** Add, edit and remove instances and shards; check every field; test a connection; save atomically. */
public final class InventoryDialogController {
    private final Background background;
    private final List<Runnable> unbind = new ArrayList<>();
    private InventoryEditorViewModel model;
    private KillSessionService service;
    private BiConsumer<Inventory, Consumer<String>> saver;
    private boolean demo;

    @FXML
    private DialogPane pane;
    @FXML
    private ListView<InstanceDraft> instances;
    @FXML
    private ListView<ShardDraft> shards;
    @FXML
    private Pane instanceForm;
    @FXML
    private Pane shardForm;
    @FXML
    private TextField instanceId;
    @FXML
    private TextField instanceName;
    @FXML
    private TextField region;
    @FXML
    private TextField shardId;
    @FXML
    private TextField shardSerialId;
    @FXML
    private TextField host;
    @FXML
    private TextField port;
    @FXML
    private TextField user;
    @FXML
    private ChoiceBox<Secret.Source> passwordSource;
    @FXML
    private PasswordField password;
    @FXML
    private TextField passwordReference;
    @FXML
    private Button test;
    @FXML
    private Label testResult;
    @FXML
    private Label problem;
    @FXML
    private Label note;

    public InventoryDialogController(Background background) {
        this.background = background;
    }

    @FXML
    private void initialize() {
        passwordSource.getItems().setAll(Secret.Source.PLAIN, Secret.Source.ENV, Secret.Source.FILE, Secret.Source.NONE);
        passwordSource.setConverter(new StringConverter<>() {
            @Override
            public String toString(Secret.Source source) {
                if (source == null) {
                    return "";
                }
                switch (source) {
                    case PLAIN: return "Password";
                    case ENV: return "Environment variable";
                    case FILE: return "Password file";
                    default: return "No password";
                }
            }

            @Override
            public Secret.Source fromString(String text) {
                return null;
            }
        });
        password.visibleProperty().bind(passwordSource.valueProperty().isEqualTo(Secret.Source.PLAIN));
        password.managedProperty().bind(password.visibleProperty());
        passwordReference.visibleProperty().bind(passwordSource.valueProperty().isEqualTo(Secret.Source.ENV)
                .or(passwordSource.valueProperty().isEqualTo(Secret.Source.FILE)));
        passwordReference.managedProperty().bind(passwordReference.visibleProperty());
        instances.getSelectionModel().selectedItemProperty().addListener((obs, was, now) -> showInstance(now));
        shards.getSelectionModel().selectedItemProperty().addListener((obs, was, now) -> showShard(now));
    }

    void show(InventoryEditorViewModel editor, boolean demoMode, BiConsumer<Inventory, Consumer<String>> save,
              KillSessionService probeService) {
        this.model = editor;
        this.saver = save;
        this.demo = demoMode;
        this.service = probeService;
        problem.textProperty().bind(editor.problemProperty());
        instances.setItems(editor.instances());
        note.setText(demoMode ? "Saving writes " + editor.file() + ". This window stays on the demo fleet; the next start opens the saved fleet."
                : "Saved to " + editor.file() + " (written whole, never half-written); the command line reads the same file.");
        test.setDisable(probeService == null);
        ButtonType saveType = new ButtonType("Save", ButtonBar.ButtonData.OK_DONE);
        pane.getButtonTypes().setAll(saveType, ButtonType.CANCEL);
        Button saveButton = (Button) pane.lookupButton(saveType);
        saveButton.setId("saveInventory");
        saveButton.addEventFilter(ActionEvent.ACTION, event -> {
            event.consume(); // the dialog closes only once the file is written
            Inventory inventory = model.toInventory();
            if (inventory != null) {
                saveButton.setDisable(true);
                saver.accept(inventory, failure -> {
                    saveButton.setDisable(false);
                    if (failure == null) {
                        pane.getScene().getWindow().hide();
                    } else {
                        model.problemProperty().set(failure);
                    }
                });
            }
        });
        if (!editor.instances().isEmpty()) {
            instances.getSelectionModel().select(0);
        } else {
            showInstance(null);
        }
    }

    private void showInstance(InstanceDraft draft) {
        instanceForm.setDisable(draft == null || !draft.editable());
        bind(draft == null ? null : List.of(pair(instanceId.textProperty(), draft.id), pair(instanceName.textProperty(), draft.name),
                pair(region.textProperty(), draft.region)), 0);
        shards.setItems(draft == null ? javafx.collections.FXCollections.observableArrayList() : draft.shards);
        testResult.setText("");
        if (draft != null && !draft.shards.isEmpty()) {
            shards.getSelectionModel().select(0);
        } else {
            showShard(null);
        }
    }

    private void showShard(ShardDraft draft) {
        InstanceDraft owner = instances.getSelectionModel().getSelectedItem();
        shardForm.setDisable(draft == null || owner == null || !owner.editable());
        bind(draft == null ? null : List.of(pair(shardId.textProperty(), draft.shardId), pair(shardSerialId.textProperty(), draft.shardSerialId),
                pair(host.textProperty(), draft.host), pair(port.textProperty(), draft.port), pair(user.textProperty(), draft.user),
                pair(passwordSource.valueProperty(), draft.passwordSource), pair(password.textProperty(), draft.password),
                pair(passwordReference.textProperty(), draft.passwordReference)), 1);
        if (draft == null) {
            password.clear(); // an unbound form keeps no password of the shard shown before
            passwordReference.clear();
        }
    }

    private record Pair<T>(Property<T> field, Property<T> draft) {
    }

    private static <T> Pair<T> pair(Property<T> field, Property<T> draft) {
        return new Pair<>(field, draft);
    }

    /** Rebinds one form (0 instance, 1 shard) to a draft; an empty form when there is none. */
    private void bind(List<Pair<?>> pairs, int form) {
        if (unbind.size() <= form) {
            unbind.add(() -> { });
            unbind.add(() -> { });
        }
        unbind.get(form).run();
        if (pairs == null) {
            unbind.set(form, () -> { });
            return;
        }
        for (Pair<?> pair : pairs) {
            bindOne(pair);
        }
        unbind.set(form, () -> pairs.forEach(InventoryDialogController::unbindOne));
    }

    private static <T> void bindOne(Pair<T> pair) {
        pair.field().setValue(pair.draft().getValue());
        pair.field().bindBidirectional(pair.draft());
    }

    private static <T> void unbindOne(Pair<T> pair) {
        pair.field().unbindBidirectional(pair.draft());
    }

    @FXML
    private void addInstance() {
        InstanceDraft draft = model.addInstance();
        instances.getSelectionModel().select(draft);
        instanceId.requestFocus();
    }

    @FXML
    private void removeInstance() {
        InstanceDraft draft = instances.getSelectionModel().getSelectedItem();
        if (draft != null) {
            model.instances().remove(draft);
        }
    }

    @FXML
    private void addShard() {
        InstanceDraft owner = instances.getSelectionModel().getSelectedItem();
        if (owner != null && owner.editable()) {
            shards.getSelectionModel().select(model.addShard(owner));
            shardId.requestFocus();
        }
    }

    @FXML
    private void removeShard() {
        ShardDraft draft = shards.getSelectionModel().getSelectedItem();
        if (draft != null) {
            shards.getItems().remove(draft);
        }
    }

    /** Lists each shard of the instance through the service's probe, off the FX thread. */
    @FXML
    private void testConnection() {
        InstanceDraft draft = instances.getSelectionModel().getSelectedItem();
        InstanceConfig config = draft == null ? null : model.check(draft);
        if (config == null || service == null) {
            return;
        }
        test.setDisable(true);
        testResult.setText("Connecting…");
        background.run(() -> service.probe(config), results -> {
            test.setDisable(false);
            testResult.setText(results.stream().map(r -> r.target() + ": " + (r.ok() ? "ok, " + r.sessions() + " sessions" : r.error()))
                    .collect(Collectors.joining("\n")));
        }, error -> {
            test.setDisable(false);
            testResult.setText("Test failed: " + Problems.describe(error));
        });
    }
}
