package dev.cairn.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of("0", Duration.ZERO, "0s"),
                Arguments.of("5s", Duration.ofSeconds(5), "5s"),
                Arguments.of("2h", Duration.ofHours(2), "2h0m0s"),
                Arguments.of("20s", Duration.ofSeconds(20), "20s"),
                Arguments.of("100ms", Duration.ofMillis(100), "100ms"),
                Arguments.of("1h30m", Duration.ofMinutes(90), "1h30m0s"),
                Arguments.of("1.5s", Duration.ofMillis(1500), "1.5s"),
                Arguments.of("1500us", Duration.ofNanos(1_500_000), "1.5ms"),
                Arguments.of("3µs", Duration.ofNanos(3_000), "3µs"),
                Arguments.of("7ns", Duration.ofNanos(7), "7ns"),
                Arguments.of("-10m", Duration.ofMinutes(-10), "-10m0s"),
                Arguments.of("+1m", Duration.ofMinutes(1), "1m0s"));
    }

    @ParameterizedTest
    @MethodSource("valid")
    void parsesAndFormatsLikeGo(String text, Duration expected, String formatted) {
        assertThat(GoDuration.parse(text)).isEqualTo(expected);
        assertThat(GoDuration.format(expected)).isEqualTo(formatted);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "abc", "5x", "1..5s", ".s", "-", "s5"})
    void rejectsWhatGoRejects(String text) {
        assertThatThrownBy(() -> GoDuration.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("time: ");
    }
}
