package com.sessionconsole.ui.common;

import javafx.fxml.FXMLLoader;
import javafx.util.Callback;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Builds every controller with its collaborators (constructor injection) for every FXMLLoader of the window,
 * including the views that an FXML file includes. An FXML file naming an unregistered controller fails fast.
 */
public final class ControllerFactory implements Callback<Class<?>, Object> {
    private final Map<Class<?>, Supplier<?>> makers = new HashMap<>();

    public <T> ControllerFactory register(Class<T> type, Supplier<? extends T> maker) {
        makers.put(type, maker);
        return this;
    }

    /**
     * This factory plus a controller that needs what only one opening of a dialog knows (its view model): the
     * window's own factory never holds a dialog's state.
     */
    public <T> ControllerFactory with(Class<T> type, Supplier<? extends T> maker) {
        ControllerFactory dialog = new ControllerFactory();
        dialog.makers.putAll(makers);
        return dialog.register(type, maker);
    }

    @Override
    public Object call(Class<?> type) {
        Supplier<?> maker = makers.get(type);
        if (maker == null) {
            throw new IllegalStateException("no controller registered for " + type.getName());
        }
        return maker.get();
    }

    /**
     * A loader for the view {@code name} that sits next to {@code anchor} (the same package path under resources/),
     * wired to this factory. A missing view fails here, naming where it was looked for.
     */
    public FXMLLoader loader(Class<?> anchor, String name) {
        URL location = anchor.getResource(name);
        if (location == null) {
            throw new IllegalStateException("missing view " + name + " next to " + anchor.getName());
        }
        FXMLLoader loader = new FXMLLoader(location);
        loader.setControllerFactory(this);
        return loader;
    }

    /** Loads a view; a broken FXML file is a programming error, not something the operator can fix. */
    public <T> T load(FXMLLoader loader) {
        try {
            return loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("loading " + loader.getLocation(), e);
        }
    }
}
