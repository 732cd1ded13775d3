package org.genet.app;

import javafx.animation.PauseTransition;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/**
 * The control panel's Network section: STUN and TURN servers of the user's own (added to those the
 * bootstrap server hands out: docs/deploy.md), the username and credential for their
 * TURN URLs, and relay only. Applied to the next node the app starts, and remembered
 * ({@link NetworkSettings}).
 */
final class NetworkPanel extends VBox {
    private final TextField servers = new TextField();
    private final TextField username = new TextField();
    private final PasswordField credential = new PasswordField();
    private final CheckBox relayOnly = new CheckBox("Relay only: all traffic through TURN");
    private final Label note = new Label();
    private final NodeController controller;
    private final PauseTransition settle = new PauseTransition(Duration.millis(500));

    NetworkPanel(NodeController controller, NetworkSettings settings) {
        super(6);
        this.controller = controller;
        setId("network");
        servers.setId("ice-servers");
        servers.setPromptText("turn:host:3478 stun:host:3478");
        username.setId("ice-username");
        username.setPromptText("TURN username");
        credential.setId("ice-credential");
        credential.setPromptText("TURN credential");
        relayOnly.setId("relay-only");
        relayOnly.setWrapText(true); // whole at the panel's width, never cut
        note.setId("network-note");
        note.setWrapText(true);
        note.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        servers.setText(settings.urlsText());
        username.setText(settings.username());
        credential.setText(settings.credential());
        relayOnly.setSelected(settings.relayOnly());
        Label title = new Label("Network");
        title.setStyle("-fx-font-weight: bold;");
        getChildren().addAll(title, new Label("STUN/TURN servers of your own"), servers, username, credential,
                relayOnly, note);
        settle.setOnFinished(e -> apply(true));
        servers.textProperty().addListener((o, was, now) -> settle.playFromStart());
        username.textProperty().addListener((o, was, now) -> settle.playFromStart());
        credential.textProperty().addListener((o, was, now) -> settle.playFromStart());
        relayOnly.selectedProperty().addListener((o, was, now) -> apply(true));
        apply(false);
    }

    /** Hands the settings to the controller (for the next node) and, if {@code save}, remembers them. */
    private void apply(boolean save) {
        settle.stop();
        NetworkSettings s = NetworkSettings.of(servers.getText(), username.getText(), credential.getText(), relayOnly.isSelected());
        try {
            controller.setIce(s.ice());
            note.setText(s.relayOnly() && s.iceServers().stream().noneMatch(u -> u.startsWith("turn"))
                    ? "Relay only needs a TURN server: yours above, or the bootstrap server's."
                    : "The bootstrap server's own STUN (and TURN, if it has one) is always used. Changes apply to the next join.");
            note.setStyle("");
            if (save) {
                s.save();
            }
        } catch (IllegalArgumentException e) {
            note.setText(e.getMessage());
            note.setStyle("-fx-text-fill: #c92a2a;");
        }
    }
}
