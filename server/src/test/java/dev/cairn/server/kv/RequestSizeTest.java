package dev.cairn.server.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The estimate of etcd's log-entry size and the limit check. */
class RequestSizeTest {

    @ParameterizedTest(name = "{0} request bytes -> {1}")
    @CsvSource({"0, 15", "10, 25", "127, 142", "128, 144", "16383, 16399", "16384, 16401", "1572800, 1572817"})
    void wrapsTheRequestInAnEnvelope(int size, long wrapped) {
        assertThat(RequestSize.wrapped(size)).isEqualTo(wrapped);
    }

    @ParameterizedTest(name = "{0} request bytes under a limit of {1}")
    @CsvSource({"100, 115, false", "100, 114, true", "1572847, 1572864, false", "1572848, 1572864, true"})
    void rejectsOnlyWhatIsOverTheLimit(int size, long limit, boolean tooLarge) {
        if (tooLarge) {
            assertThatThrownBy(() -> RequestSize.check(size, limit)).isInstanceOf(KvException.RequestTooLarge.class);
        } else {
            assertThatCode(() -> RequestSize.check(size, limit)).doesNotThrowAnyException();
        }
    }
}
