package dev.cairn.bench.load;

import org.jspecify.annotations.Nullable;

/**
 * {@code --cacert}, {@code --cert}, {@code --key}. TLS is used when an endpoint is https:// or
 * any of the files is given; the client presents a certificate when both cert and key are given.
 */
public record TlsOptions(
        @Nullable String caFile,
        @Nullable String certFile,
        @Nullable String keyFile) {

    public static TlsOptions none() {
        return new TlsOptions(null, null, null);
    }

    public boolean anyGiven() {
        return caFile != null || certFile != null || keyFile != null;
    }
}
