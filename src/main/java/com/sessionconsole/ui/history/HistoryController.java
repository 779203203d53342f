package com.sessionconsole.ui.history;

import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

import java.io.File;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Set;

/**
 * The history pane: the charts of the selected node ({@link HistoryPlot}), a check box per figure, the span, the
 * values under the pointer, and "Export CSV…". While another tab hides the pane, refreshes only mark it stale: it
 * catches up when shown, so a hidden chart costs a refresh nothing.
 */
public final class HistoryController {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneId.systemDefault());

    private final HistoryViewModel model;
    private final HistoryExport export;
    private final HistoryPlot plot;
    private final Set<Node> watched = new HashSet<>();
    private boolean stale;
    private File folder;

    @FXML
    private Label nodeTitle;
    @FXML
    private Label readout;
    @FXML
    private ComboBox<HistoryViewModel.Span> span;
    @FXML
    private VBox toggles;
    @FXML
    private VBox charts;

    public HistoryController(HistoryViewModel model, HistoryExport export) {
        this.model = model;
        this.export = export;
        this.plot = new HistoryPlot(model);
    }

    @FXML
    private void initialize() {
        for (HistoryChart chart : plot.charts()) {
            VBox.setVgrow(chart, Priority.ALWAYS);
            chart.setMinHeight(90);
            chart.setPrefHeight(150);
            charts.getChildren().add(chart);
            // On the whole chart, not its plot background: the series' lines would take the events over it.
            chart.setOnMouseMoved(event -> hover(chart, event));
            chart.setOnMouseExited(event -> hoverEnded());
        }
        for (Figure figure : Figure.values()) {
            toggles.getChildren().add(toggle(figure));
        }
        nodeTitle.textProperty().bind(model.titleProperty());
        readout.textProperty().bind(model.readoutProperty());
        span.getItems().setAll(HistoryViewModel.Span.values());
        span.valueProperty().bindBidirectional(model.spanProperty());
        model.nodeProperty().addListener((obs, was, now) -> redraw());
        model.spanProperty().addListener((obs, was, now) -> redraw());
        model.recordedProperty().addListener((obs, was, now) -> follow());
        charts.sceneProperty().addListener((obs, was, now) -> watchAncestors());
        redraw();
    }

    private CheckBox toggle(Figure figure) {
        CheckBox box = new CheckBox(figure == Figure.KILLS ? "Kills (marks)" : figure.words());
        box.getStyleClass().addAll("history-toggle", "figure-" + figure.column());
        Region swatch = new Region();
        swatch.getStyleClass().add("history-swatch");
        swatch.setStyle("-fx-background-color: " + HistoryPlot.COLOURS.get(figure) + ";");
        box.setGraphic(swatch);
        box.selectedProperty().bindBidirectional(model.shownProperty(figure));
        model.shownProperty(figure).addListener((obs, was, now) -> {
            if (figure == Figure.KILLS) {
                plot.marks();
            } else {
                plot.fill(figure);
                plot.visibility();
            }
        });
        return box;
    }

    private void redraw() {
        stale = false;
        plot.redraw();
    }

    private void follow() {
        if (showing()) {
            plot.follow();
        } else {
            stale = true;
        }
    }

    /** A tab pane hides the content of the tabs not chosen: watch every ancestor for the pane showing again. */
    private void watchAncestors() {
        for (Node node = charts; node != null; node = node.getParent()) {
            if (watched.add(node)) {
                node.visibleProperty().addListener((obs, was, now) -> {
                    if (stale && showing()) {
                        redraw();
                    }
                });
            }
        }
    }

    private boolean showing() {
        for (Node node = charts; node != null; node = node.getParent()) {
            if (!node.isVisible()) {
                return false;
            }
        }
        return charts.getScene() != null;
    }

    private void hover(HistoryChart chart, MouseEvent event) {
        double at = plot.timeAt(chart, event);
        if (Double.isNaN(at)) {
            hoverEnded();
            return;
        }
        model.hover(at);
        plot.crosshair(at);
    }

    private void hoverEnded() {
        model.hoverEnded();
        plot.crosshair(Double.NaN);
    }

    @FXML
    private void exportCsv() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export the history as CSV");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV (spreadsheets)", "*.csv"));
        chooser.setInitialFileName("history-" + STAMP.format(Instant.now()) + ".csv");
        if (folder != null && folder.isDirectory()) {
            chooser.setInitialDirectory(folder);
        }
        File chosen = chooser.showSaveDialog(charts.getScene().getWindow());
        if (chosen != null) {
            folder = chosen.getParentFile();
            export.write(chosen.toPath());
        }
    }
}
