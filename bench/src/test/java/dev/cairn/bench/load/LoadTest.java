package dev.cairn.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LoadTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void unlimitedNeverWaits() {
        RateLimiter r = RateLimiter.unlimited();
        for (int i = 0; i < 1000; i++) {
            assertThat(r.reserve(0)).isZero();
        }
    }

    @Test
    void burstOneSpacesRequestsByTheInterval() {
        RateLimiter r = new RateLimiter(10, 1);
        assertThat(r.reserve(0)).isZero();
        assertThat(r.reserve(0)).isEqualTo(SECOND / 10);
        assertThat(r.reserve(0)).isEqualTo(2 * SECOND / 10);
        // the debt is paid off by waiting: at 0.3 s the next token is free again
        assertThat(r.reserve(3 * SECOND / 10)).isZero();
    }

    @Test
    void tokensAccumulateUpToTheBurst() {
        RateLimiter r = new RateLimiter(100, 5);
        for (int i = 0; i < 5; i++) {
            assertThat(r.reserve(0)).isZero();
        }
        assertThat(r.reserve(0)).isEqualTo(SECOND / 100);
        RateLimiter idle = new RateLimiter(100, 5);
        idle.reserve(0);
        // a long idle spell refills no more than the burst
        for (int i = 0; i < 5; i++) {
            assertThat(idle.reserve(100 * SECOND)).isZero();
        }
        assertThat(idle.reserve(100 * SECOND)).isPositive();
    }

    @Test
    void aClockGoingBackwardsDoesNotMint() {
        RateLimiter r = new RateLimiter(1, 1);
        assertThat(r.reserve(10 * SECOND)).isZero();
        assertThat(r.reserve(5 * SECOND)).isEqualTo(SECOND);
    }

    static Stream<Arguments> varints() {
        return Stream.of(
                Arguments.of(0L, new byte[] {0, 0, 0, 0}),
                Arguments.of(1L, new byte[] {2, 0, 0, 0}),
                Arguments.of(-1L, new byte[] {1, 0, 0, 0}),
                Arguments.of(63L, new byte[] {126, 0, 0, 0}),
                Arguments.of(64L, new byte[] {(byte) 0x80, 1, 0, 0}),
                Arguments.of(99999L, new byte[] {(byte) 0xbe, (byte) 0x9a, 0x0c, 0}));
    }

    /** The bytes Go's binary.PutVarint writes into a zeroed 4-byte key. */
    @ParameterizedTest
    @MethodSource("varints")
    void keysAreGoZigZagVarints(long n, byte[] expected) {
        assertThat(Keys.key(n, 4).toByteArray()).containsExactly(expected);
    }

    @Test
    void aKeyTooShortForItsVarintGrows() {
        assertThat(Keys.key(1L << 40, 2).size()).isEqualTo(6);
    }

    @Test
    void endpointsParse() {
        assertThat(Endpoint.parse("127.0.0.1:2379")).isEqualTo(new Endpoint("127.0.0.1", 2379, false));
        assertThat(Endpoint.parse("http://localhost:23790")).isEqualTo(new Endpoint("localhost", 23790, false));
        assertThat(Endpoint.parse("https://10.0.0.1:2379")).isEqualTo(new Endpoint("10.0.0.1", 2379, true));
        assertThat(Endpoint.parse("[::1]:2379")).isEqualTo(new Endpoint("::1", 2379, false));
        assertThatThrownBy(() -> Endpoint.parse("localhost")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Endpoint.parse("http://localhost")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void warmupRunsItsRequestsAgainstTheInProcessStandIn() throws Exception {
        // returns only once every request has completed; a failure to serve would throw or hang
        Warmup.run(400, 2, 8);
        Warmup.run(0, 1, 1);
    }

    @Test
    void errorsReadLikeGoGrpc() {
        assertThat(GrpcErrors.describe(
                        Status.UNAVAILABLE.withDescription("down").asRuntimeException()))
                .isEqualTo("rpc error: code = Unavailable desc = down");
        assertThat(GrpcErrors.goName(Status.Code.DEADLINE_EXCEEDED)).isEqualTo("DeadlineExceeded");
        assertThat(GrpcErrors.goName(Status.Code.CANCELLED)).isEqualTo("Canceled");
    }
}
