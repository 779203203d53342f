package com.sessionconsole.ui.inventory;

import com.sessionconsole.fleet.inventory.Secret;
import com.sessionconsole.ui.inventory.InventoryEditorViewModel.InstanceDraft;
import com.sessionconsole.ui.inventory.InventoryEditorViewModel.ShardDraft;
import javafx.beans.binding.Bindings;
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

/**
 * Add, edit and remove instances and shards; check every field; test a connection; save atomically. The forms
 * bind to the drafts; testing and saving are the view model's, this only forwards the buttons.
 */
final class InventoryDialogController {
    private final InventoryDialogViewModel model;
    private final InventoryEditorViewModel drafts;
    private final List<Runnable> unbind = new ArrayList<>();

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

    InventoryDialogController(InventoryDialogViewModel model) {
        this.model = model;
        this.drafts = model.drafts();
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
        problem.textProperty().bind(model.problemProperty());
        note.setText(model.note());
        test.disableProperty().bind(Bindings.not(model.canTest()));
        testResult.textProperty().bind(model.testResultProperty());
        ButtonType saveType = new ButtonType("Save", ButtonBar.ButtonData.OK_DONE);
        pane.getButtonTypes().setAll(saveType, ButtonType.CANCEL);
        Button saveButton = (Button) pane.lookupButton(saveType);
        saveButton.setId("saveInventory");
        saveButton.disableProperty().bind(model.savingProperty());
        saveButton.addEventFilter(ActionEvent.ACTION, event -> {
            event.consume(); // the dialog closes only once the file is written
            model.save();
        });
        model.savedProperty().addListener((obs, was, now) -> {
            if (now) {
                pane.getScene().getWindow().hide();
            }
        });
        instances.setItems(drafts.instances());
        if (!drafts.instances().isEmpty()) {
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
        model.clearTestResult();
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
        InstanceDraft draft = drafts.addInstance();
        instances.getSelectionModel().select(draft);
        instanceId.requestFocus();
    }

    @FXML
    private void removeInstance() {
        InstanceDraft draft = instances.getSelectionModel().getSelectedItem();
        if (draft != null) {
            drafts.instances().remove(draft);
        }
    }

    @FXML
    private void addShard() {
        InstanceDraft owner = instances.getSelectionModel().getSelectedItem();
        if (owner != null && owner.editable()) {
            shards.getSelectionModel().select(drafts.addShard(owner));
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

    @FXML
    private void testConnection() {
        model.test(instances.getSelectionModel().getSelectedItem());
    }
}
