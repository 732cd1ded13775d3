package org.genet.overlay;

import java.util.Locale;

/** The kebab-case names of the {@link NodeEvent} records, made once per record. */
final class EventKinds {
    private static final ClassValue<String> KINDS = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            return type.getSimpleName().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
        }
    };

    private EventKinds() {
    }

    static String of(Class<?> type) {
        return KINDS.get(type);
    }
}
