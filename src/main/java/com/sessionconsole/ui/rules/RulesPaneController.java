package com.sessionconsole.ui.rules;

import com.sessionconsole.killsession.rules.Victims;
import javafx.beans.property.StringProperty;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextField;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The rules pane: binds the form to its view model and forwards the buttons; no logic of its own. */
public final class RulesPaneController {
    private final RulesPaneViewModel pane;
    private final RuleKills kills;

    @FXML
    private VBox form;
    @FXML
    private ComboBox<String> saved;
    @FXML
    private TextField name;
    @FXML
    private TextField instances;
    @FXML
    private TextField shards;
    @FXML
    private TextField users;
    @FXML
    private TextField hosts;
    @FXML
    private TextField dbs;
    @FXML
    private TextField commands;
    @FXML
    private TextField states;
    @FXML
    private TextField info;
    @FXML
    private TextField fingerprint;
    @FXML
    private TextField busyTime;
    @FXML
    private TextField idleTime;
    @FXML
    private TextField trxAge;
    @FXML
    private TextField rowsModified;
    @FXML
    private TextField ignoreUsers;
    @FXML
    private TextField ignoreHosts;
    @FXML
    private TextField ignoreDbs;
    @FXML
    private CheckBox blocksOthers;
    @FXML
    private CheckBox waitsOnLock;
    @FXML
    private CheckBox killQuery;
    @FXML
    private ComboBox<Victims> victims;
    @FXML
    private TextField cap;
    @FXML
    private Button kill;
    @FXML
    private TextField interval;
    @FXML
    private TextField runTime;
    @FXML
    private Label summary;

    public RulesPaneController(RulesPaneViewModel pane, RuleKills kills) {
        this.pane = pane;
        this.kills = kills;
    }

    @FXML
    private void initialize() {
        RuleFormViewModel fields = pane.form();
        bind(name, fields.name);
        bind(instances, fields.instances);
        bind(shards, fields.shards);
        bind(users, fields.users);
        bind(hosts, fields.hosts);
        bind(dbs, fields.dbs);
        bind(commands, fields.commands);
        bind(states, fields.states);
        bind(info, fields.info);
        bind(fingerprint, fields.fingerprint);
        bind(busyTime, fields.busyTime);
        bind(idleTime, fields.idleTime);
        bind(trxAge, fields.trxAge);
        bind(rowsModified, fields.rowsModified);
        bind(ignoreUsers, fields.ignoreUsers);
        bind(ignoreHosts, fields.ignoreHosts);
        bind(ignoreDbs, fields.ignoreDbs);
        bind(cap, fields.cap);
        bind(interval, pane.intervalProperty());
        bind(runTime, pane.runTimeProperty());
        blocksOthers.selectedProperty().bindBidirectional(fields.blocksOthers);
        waitsOnLock.selectedProperty().bindBidirectional(fields.waitsOnLock);
        killQuery.selectedProperty().bindBidirectional(fields.killQuery);
        victims.getItems().setAll(Victims.values());
        victims.valueProperty().bindBidirectional(fields.victims);
        saved.setItems(pane.savedNames());
        saved.setOnAction(event -> {
            if (saved.getValue() != null) {
                pane.pick(saved.getValue());
            }
        });
        kill.textProperty().bind(pane.killText());
        kill.disableProperty().bind(pane.canKill().not());
        summary.textProperty().bind(pane.summary());
        // Words never shrink to "...": the text fields give way instead.
        form.lookupAll(".label, .button, .check-box").stream().filter(n -> n instanceof Labeled && n != summary)
                .forEach(n -> ((Labeled) n).setMinWidth(Region.USE_PREF_SIZE));
    }

    private static void bind(TextField field, StringProperty property) {
        field.textProperty().bindBidirectional(property);
    }

    /** Puts the keyboard in the first condition (Ctrl+R). */
    public void focus() {
        users.requestFocus();
    }

    @FXML
    private void kill() {
        kills.kill(kill.getScene().getWindow());
    }

    @FXML
    private void watch() {
        kills.watch(kill.getScene().getWindow());
    }

    @FXML
    private void save() {
        pane.save();
    }

    @FXML
    private void delete() {
        pane.delete();
    }

    @FXML
    private void clear() {
        saved.setValue(null);
        pane.form().clear();
    }
}
