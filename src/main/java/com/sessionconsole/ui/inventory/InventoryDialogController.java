package com.sessionconsole.ui.inventory;

import com.sessionconsole.fleet.InstanceKind;
import com.sessionconsole.fleet.inventory.Secret;
import com.sessionconsole.fleet.inventory.TlsMode;
import com.sessionconsole.ui.inventory.InventoryEditorViewModel.InstanceDraft;
import com.sessionconsole.ui.inventory.InventoryEditorViewModel.ShardDraft;
import javafx.beans.binding.Bindings;
import javafx.event.ActionEvent;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.Pane;
import javafx.util.StringConverter;

import java.util.List;
import java.util.Map;

import static com.sessionconsole.ui.inventory.FormBinding.pair;

/**
 * Add, edit and remove instances and shards; check every field; test a connection; save atomically. The forms
 * bind to the drafts; testing and saving are the view model's, this only forwards the buttons.
 */
final class InventoryDialogController {
    private final InventoryDialogViewModel model;
    private final InventoryEditorViewModel drafts;
    private final FormBinding instanceBinding = new FormBinding();
    private final FormBinding shardBinding = new FormBinding();

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
    private ChoiceBox<InstanceKind> kind;
    @FXML
    private ComboBox<String> region;
    @FXML
    private Pane shardsSection;
    @FXML
    private CloudFormController cloudFormController;
    @FXML
    private Label passwordWarning;
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
    private ChoiceBox<TlsMode> tls;
    @FXML
    private Button test;
    @FXML
    private Label testResult;
    @FXML
    private Label problem;
    @FXML
    private Label note;

    private final InstanceDraft first;

    /** @param first the entry shown first (a new one the first run asked for); null for the inventory's first */
    InventoryDialogController(InventoryDialogViewModel model, InstanceDraft first) {
        this.model = model;
        this.drafts = model.drafts();
        this.first = first;
    }

    @FXML
    private void initialize() {
        passwordSource.getItems().setAll(Secret.Source.PLAIN, Secret.Source.ENV, Secret.Source.FILE, Secret.Source.NONE);
        passwordSource.setConverter(Choices.named(Map.of(Secret.Source.PLAIN, "Password", Secret.Source.ENV,
                "Environment variable", Secret.Source.FILE, "Password file", Secret.Source.NONE, "No password")));
        password.visibleProperty().bind(passwordSource.valueProperty().isEqualTo(Secret.Source.PLAIN));
        password.managedProperty().bind(password.visibleProperty());
        passwordReference.visibleProperty().bind(passwordSource.valueProperty().isEqualTo(Secret.Source.ENV)
                .or(passwordSource.valueProperty().isEqualTo(Secret.Source.FILE)));
        passwordReference.managedProperty().bind(passwordReference.visibleProperty());
        tls.getItems().setAll(TlsMode.values());
        tls.setConverter(Choices.named(Map.of(TlsMode.PREFERRED, "When the server offers it",
                TlsMode.REQUIRED, "Required (certificate not checked)", TlsMode.DISABLED, "Off (trusted network)")));
        passwordWarning.visibleProperty().bind(password.visibleProperty());
        passwordWarning.managedProperty().bind(passwordWarning.visibleProperty());
        kind.getItems().setAll(InstanceKind.values());
        kind.setConverter(KINDS);
        region.getItems().setAll(Regions.KNOWN);
        shardsSection.visibleProperty().bind(kind.valueProperty().isEqualTo(InstanceKind.MYSQL));
        shardsSection.managedProperty().bind(shardsSection.visibleProperty());
        cloudFormController.kindProperty().bind(kind.valueProperty());
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
        if (first != null) {
            instances.getSelectionModel().select(first);
        } else if (!drafts.instances().isEmpty()) {
            instances.getSelectionModel().select(0);
        } else {
            showInstance(null);
        }
    }

    private void showInstance(InstanceDraft draft) {
        instanceForm.setDisable(draft == null);
        instanceBinding.show(draft == null ? null : List.of(pair(kind.valueProperty(), draft.kind),
                pair(instanceId.textProperty(), draft.id), pair(instanceName.textProperty(), draft.name),
                pair(region.valueProperty(), draft.region)));
        cloudFormController.show(draft == null ? null : draft.cloud);
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
        shardForm.setDisable(draft == null || owner == null);
        shardBinding.show(draft == null ? null : List.of(pair(shardId.textProperty(), draft.shardId), pair(shardSerialId.textProperty(), draft.shardSerialId),
                pair(host.textProperty(), draft.host), pair(port.textProperty(), draft.port), pair(user.textProperty(), draft.user),
                pair(passwordSource.valueProperty(), draft.passwordSource), pair(password.textProperty(), draft.password),
                pair(passwordReference.textProperty(), draft.passwordReference), pair(tls.valueProperty(), draft.tls)));
        if (draft == null) {
            password.clear(); // an unbound form keeps no password of the shard shown before
            passwordReference.clear();
        }
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
        if (owner != null) {
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

    private static final StringConverter<InstanceKind> KINDS = Choices.named(Map.of(
            InstanceKind.MYSQL, "Self-managed MySQL/MariaDB shards",
            InstanceKind.DCDB, "Tencent Cloud DCDB instance",
            InstanceKind.DCDB_ACCOUNT, "Tencent Cloud account (discovers its instances)"));

    @FXML
    private void testConnection() {
        model.test(instances.getSelectionModel().getSelectedItem());
    }
}
