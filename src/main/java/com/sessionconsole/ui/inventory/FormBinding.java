package com.sessionconsole.ui.inventory;

import javafx.beans.property.Property;

import java.util.List;

/**
 * One form's fields bound both ways to the draft it shows; showing another draft unbinds the previous one first,
 * so no field keeps writing into a draft that is no longer shown.
 */
final class FormBinding {
    private Runnable unbind = () -> { };

    record Pair<T>(Property<T> field, Property<T> draft) {
    }

    static <T> Pair<T> pair(Property<T> field, Property<T> draft) {
        return new Pair<>(field, draft);
    }

    /** Binds the fields to these draft properties (the field takes the draft's value); none leaves the form unbound. */
    void show(List<Pair<?>> pairs) {
        unbind.run();
        if (pairs == null) {
            unbind = () -> { };
            return;
        }
        pairs.forEach(FormBinding::bindOne);
        unbind = () -> pairs.forEach(FormBinding::unbindOne);
    }

    private static <T> void bindOne(Pair<T> pair) {
        pair.field().setValue(pair.draft().getValue());
        pair.field().bindBidirectional(pair.draft());
    }

    private static <T> void unbindOne(Pair<T> pair) {
        pair.field().unbindBidirectional(pair.draft());
    }
}
