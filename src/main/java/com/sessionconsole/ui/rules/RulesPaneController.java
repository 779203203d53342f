package com.sessionconsole.ui.rules;

import com.sessionconsole.killsession.rules.Victims;
import javafx.beans.property.StringProperty;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;

/** The rules pane: binds the form to its view model and forwards the buttons; no logic of its own. */
public final class RulesPaneController {
    private final RulesPaneViewModel pane;
    private final RuleKills kills;

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
        RuleFormViewModel form = pane.form();
        bind(name, form.name);
        bind(instances, form.instances);
        bind(shards, form.shards);
        bind(users, form.users);
        bind(hosts, form.hosts);
        bind(dbs, form.dbs);
        bind(commands, form.commands);
        bind(states, form.states);
        bind(info, form.info);
        bind(fingerprint, form.fingerprint);
        bind(busyTime, form.busyTime);
        bind(idleTime, form.idleTime);
        bind(trxAge, form.trxAge);
        bind(rowsModified, form.rowsModified);
        bind(ignoreUsers, form.ignoreUsers);
        bind(ignoreHosts, form.ignoreHosts);
        bind(ignoreDbs, form.ignoreDbs);
        bind(cap, form.cap);
        bind(interval, pane.intervalProperty());
        bind(runTime, pane.runTimeProperty());
        blocksOthers.selectedProperty().bindBidirectional(form.blocksOthers);
        waitsOnLock.selectedProperty().bindBidirectional(form.waitsOnLock);
        killQuery.selectedProperty().bindBidirectional(form.killQuery);
        victims.getItems().setAll(Victims.values());
        victims.valueProperty().bindBidirectional(form.victims);
        saved.setItems(pane.savedNames());
        saved.setOnAction(event -> {
            if (saved.getValue() != null) {
                pane.pick(saved.getValue());
            }
        });
        kill.textProperty().bind(pane.killText());
        kill.disableProperty().bind(pane.canKill().not());
        summary.textProperty().bind(pane.summary());
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
