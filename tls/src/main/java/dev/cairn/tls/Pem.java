package dev.cairn.tls;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM (RFC 7468) text encoding and decoding: {@code -----BEGIN LABEL-----}, base64 lines,
 * {@code -----END LABEL-----}. Text outside blocks is ignored, as OpenSSL does.
 *
 * <p>Stateless, thread-safe.
 */
final class Pem {
    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END ([A-Z0-9 ]+)-----", Pattern.DOTALL);
    private static final Base64.Encoder ENCODER = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

    private Pem() {}

    /** One PEM block: its label and its decoded DER bytes. Immutable. */
    static final class Block {
        private final String label;
        private final byte[] der;

        Block(String label, byte[] der) {
            this.label = label;
            this.der = der.clone();
        }

        String label() {
            return label;
        }

        byte[] der() {
            return der.clone();
        }
    }

    static String encode(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + ENCODER.encodeToString(der) + "\n-----END " + label + "-----\n";
    }

    /**
     * All blocks in {@code text}, in order.
     *
     * @throws IllegalArgumentException with a human-readable reason if a block is malformed
     */
    static List<Block> decode(String text) {
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String label = m.group(1);
            if (!label.equals(m.group(3))) {
                throw new IllegalArgumentException("PEM block BEGIN " + label + " is closed by END " + m.group(3));
            }
            String body = m.group(2);
            if (body.contains(":")) {
                throw new IllegalArgumentException(
                        "PEM block " + label + " has headers (legacy encrypted PEM); encrypted keys are not supported");
            }
            byte[] der;
            try {
                der = Base64.getDecoder().decode(body.replaceAll("\\s+", ""));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("PEM block " + label + " is not valid base64", e);
            }
            if (der.length == 0) {
                throw new IllegalArgumentException("PEM block " + label + " is empty");
            }
            blocks.add(new Block(label, der));
        }
        if (blocks.isEmpty() && text.contains("-----BEGIN ")) {
            throw new IllegalArgumentException("unterminated PEM block (no matching -----END line)");
        }
        return blocks;
    }
}
