package dev.cairn.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes what a test saw to {@code target/transcripts} for humans to diff. Thread-safe. */
final class Transcripts {
    private Transcripts() {}

    static Path dir() {
        return Path.of("target", "transcripts").toAbsolutePath();
    }

    static void write(String name, List<?> entries) {
        StringBuilder sb = new StringBuilder();
        for (Object entry : entries) {
            sb.append(entry).append('\n');
        }
        try {
            Files.createDirectories(dir());
            Files.writeString(
                    dir().resolve(name.replaceAll("[^A-Za-z0-9_.-]", "_") + ".txt"),
                    sb.toString(),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
