package org.genet.app;

import java.util.Optional;
import javafx.application.Application;

/**
 * What the app was started with: {@code --lan-address=SETTING} and at most one {@code genet://} link
 * (the desktop entry passes the link a user opened). Absent when the app is made in-process.
 */
record LaunchArguments(String lanAddress, Optional<String> link) {

    static LaunchArguments of(Application.Parameters parameters) {
        if (parameters == null) {
            return new LaunchArguments(null, Optional.empty());
        }
        return new LaunchArguments(parameters.getNamed().get("lan-address"),
                parameters.getUnnamed().stream().filter(a -> !a.isBlank()).findFirst());
    }
}
