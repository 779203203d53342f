package com.sessionconsole.ui.app;

import com.sessionconsole.fleet.InstanceKind;
import com.sessionconsole.ui.inventory.InventoryEditor;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;

import java.nio.file.Path;

/**
 * The first run without an inventory (and without the demo servers): two paths, a self-managed shard or a Tencent
 * Cloud account, each opening the inventory dialog on a new entry of that kind.
 */
final class FirstRunController {
    private final Path inventoryFile;
    private final InventoryEditor editor;

    @FXML
    private Label where;
    @FXML
    private Button addInstance;

    FirstRunController(Path inventoryFile, InventoryEditor editor) {
        this.inventoryFile = inventoryFile;
        this.editor = editor;
    }

    @FXML
    private void initialize() {
        where.setText("The inventory will be saved to " + inventoryFile
                + ". The command line reads the same file; --inventory FILE opens another one.");
    }

    @FXML
    private void addInstance() {
        editor.open(addInstance.getScene().getWindow(), InstanceKind.MYSQL);
    }

    @FXML
    private void addCloudAccount() {
        editor.open(addInstance.getScene().getWindow(), InstanceKind.DCDB_ACCOUNT);
    }
}
