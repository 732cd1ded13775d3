package org.genet.ice;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short-lived TURN credentials in coturn's shared-secret scheme (its {@code use-auth-secret} and
 * {@code static-auth-secret}, the "TURN REST API"): the username is {@code EXPIRY:NAME}, EXPIRY in
 * Unix seconds, and the credential is base64(HMAC-SHA1(secret, username)). coturn accepts them
 * until EXPIRY without knowing any user; the bootstrap server and coturn share only the secret.
 */
public final class TurnCredentials {
    private TurnCredentials() {
    }

    /** A username and credential, valid until {@code expiresEpochSeconds}. */
    public record Minted(String username, String credential) {
    }

    public static Minted mint(String secret, String name, long expiresEpochSeconds) {
        String username = expiresEpochSeconds + ":" + name;
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            byte[] digest = mac.doFinal(username.getBytes(StandardCharsets.UTF_8));
            return new Minted(username, Base64.getEncoder().encodeToString(digest));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA1", e);
        }
    }
}
