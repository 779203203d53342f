package com.sessionconsole.ui.inventory;

import com.sessionconsole.fleet.InstanceKind;
import com.sessionconsole.fleet.inventory.Secret;
import com.sessionconsole.ui.inventory.CloudDraft.CredentialSource;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.Pane;
import javafx.util.StringConverter;

import java.util.List;
import java.util.Map;

import static com.sessionconsole.ui.inventory.FormBinding.pair;

/**
 * The cloud part of the inventory dialog (included in it): endpoint, protocol, credentials, rate limit and, for an
 * account, what discovery takes. It binds to the {@link CloudDraft} of the entry shown; which rows show is a binding
 * on the choices.
 */
final class CloudFormController {
    private final ObjectProperty<InstanceKind> kind = new SimpleObjectProperty<>();
    private final FormBinding form = new FormBinding();

    @FXML
    private Pane cloudRoot;
    @FXML
    private TextField endpoint;
    @FXML
    private ChoiceBox<String> protocol;
    @FXML
    private Pane moreRegionsRow;
    @FXML
    private TextField moreRegions;
    @FXML
    private ChoiceBox<CredentialSource> credentialSource;
    @FXML
    private Pane secretIdRow;
    @FXML
    private ChoiceBox<Secret.Source> secretIdSource;
    @FXML
    private TextField secretId;
    @FXML
    private TextField secretIdReference;
    @FXML
    private Pane secretKeyRow;
    @FXML
    private ChoiceBox<Secret.Source> secretKeySource;
    @FXML
    private PasswordField secretKey;
    @FXML
    private TextField secretKeyReference;
    @FXML
    private Pane profileRow;
    @FXML
    private TextField profile;
    @FXML
    private TextField profileFile;
    @FXML
    private Label typedWarning;
    @FXML
    private TextField rateLimit;
    @FXML
    private Pane accountSection;
    @FXML
    private TextField filterIds;
    @FXML
    private TextField filterName;
    @FXML
    private TextField filterTags;
    @FXML
    private TextField rediscoverSeconds;

    @FXML
    private void initialize() {
        protocol.getItems().setAll(CloudDraft.HTTPS, CloudDraft.HTTP);
        credentialSource.getItems().setAll(CredentialSource.values());
        for (ChoiceBox<Secret.Source> source : List.of(secretIdSource, secretKeySource)) {
            source.getItems().setAll(Secret.Source.PLAIN, Secret.Source.ENV, Secret.Source.FILE);
            source.setConverter(SOURCES);
        }
        BooleanBinding keys = credentialSource.valueProperty().isEqualTo(CredentialSource.KEYS);
        show(secretIdRow, keys);
        show(secretKeyRow, keys);
        show(profileRow, credentialSource.valueProperty().isEqualTo(CredentialSource.PROFILE));
        show(secretId, secretIdSource.valueProperty().isEqualTo(Secret.Source.PLAIN));
        show(secretIdReference, secretIdSource.valueProperty().isNotEqualTo(Secret.Source.PLAIN));
        BooleanBinding typedKey = secretKeySource.valueProperty().isEqualTo(Secret.Source.PLAIN);
        show(secretKey, typedKey);
        show(secretKeyReference, typedKey.not());
        show(typedWarning, keys.and(typedKey));
        show(cloudRoot, kind.isEqualTo(InstanceKind.DCDB).or(kind.isEqualTo(InstanceKind.DCDB_ACCOUNT)));
        BooleanBinding account = kind.isEqualTo(InstanceKind.DCDB_ACCOUNT);
        show(moreRegionsRow, account);
        show(accountSection, account);
    }

    private static void show(Node node, BooleanBinding when) {
        node.visibleProperty().bind(when);
        node.managedProperty().bind(node.visibleProperty());
    }

    /** The kind of the entry shown: an account shows its further regions and its discovery filter. */
    ObjectProperty<InstanceKind> kindProperty() {
        return kind;
    }

    /** Shows a draft's cloud part; null leaves the form unbound and drops a typed key from its fields. */
    void show(CloudDraft draft) {
        if (draft == null) {
            form.show(null);
            secretKey.clear();
            return;
        }
        form.show(List.of(pair(endpoint.textProperty(), draft.endpoint), pair(protocol.valueProperty(), draft.protocol),
                pair(moreRegions.textProperty(), draft.moreRegions),
                pair(credentialSource.valueProperty(), draft.credentials),
                pair(secretIdSource.valueProperty(), draft.secretId.source), pair(secretId.textProperty(), draft.secretId.value),
                pair(secretIdReference.textProperty(), draft.secretId.reference),
                pair(secretKeySource.valueProperty(), draft.secretKey.source),
                pair(secretKey.textProperty(), draft.secretKey.value),
                pair(secretKeyReference.textProperty(), draft.secretKey.reference),
                pair(profile.textProperty(), draft.profile), pair(profileFile.textProperty(), draft.profileFile),
                pair(rateLimit.textProperty(), draft.rateLimit), pair(filterIds.textProperty(), draft.filterIds),
                pair(filterName.textProperty(), draft.filterName), pair(filterTags.textProperty(), draft.filterTags),
                pair(rediscoverSeconds.textProperty(), draft.rediscoverSeconds)));
    }

    private static final StringConverter<Secret.Source> SOURCES = Choices.named(Map.of(Secret.Source.PLAIN, "Typed in",
            Secret.Source.ENV, "Environment variable", Secret.Source.FILE, "File"));
}
