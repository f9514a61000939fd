package dev.cairn.tls;

import org.jspecify.annotations.Nullable;

/**
 * TLS could not be set up: a certificate or key file is missing, unreadable or malformed, the key
 * does not match the certificate, or the native TLS provider is unavailable. The message says
 * which file and why, so it can be shown to an operator as is.
 *
 * <p>Immutable, thread-safe.
 */
public final class TlsException extends Exception {
    private static final long serialVersionUID = 1L;

    public TlsException(String message) {
        super(message);
    }

    public TlsException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
