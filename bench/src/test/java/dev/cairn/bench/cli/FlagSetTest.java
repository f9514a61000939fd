package dev.cairn.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FlagSetTest {
    private static final FlagSet FLAGS = FlagSet.builder()
            .intFlag("total", 10000, "total")
            .uintFlag("clients", 1, "clients")
            .boolFlag("sequential-keys", "seq")
            .stringFlag("consistency", "l", "consistency")
            .stringsFlag("endpoints", "127.0.0.1:2379", "endpoints")
            .durationFlag("dial-timeout", "0s", "dial")
            .build();

    @Test
    void defaultsApplyWhenNothingIsGiven() throws UsageException {
        ParsedFlags f = FLAGS.parse(List.of(), false);
        assertThat(f.getInt("total")).isEqualTo(10000);
        assertThat(f.getInt("clients")).isEqualTo(1);
        assertThat(f.getBool("sequential-keys")).isFalse();
        assertThat(f.getString("consistency")).isEqualTo("l");
        assertThat(f.getStrings("endpoints")).containsExactly("127.0.0.1:2379");
        assertThat(f.getDuration("dial-timeout")).isEqualTo(Duration.ZERO);
        assertThat(f.positional()).isEmpty();
        assertThat(f.isSet("total")).isFalse();
    }

    static Stream<Arguments> spellings() {
        return Stream.of(
                Arguments.of(List.of("--total=5"), 5, false),
                Arguments.of(List.of("--total", "5"), 5, false),
                Arguments.of(List.of("--total", "0x10", "--sequential-keys"), 16, true),
                Arguments.of(List.of("--sequential-keys=true", "--total=7"), 7, true),
                Arguments.of(List.of("--sequential-keys=false"), 10000, false),
                Arguments.of(List.of("--sequential-keys=1", "--total=1", "--total=2"), 2, true));
    }

    @ParameterizedTest
    @MethodSource("spellings")
    void acceptsPflagSpellings(List<String> args, int total, boolean sequential) throws UsageException {
        ParsedFlags f = FLAGS.parse(args, false);
        assertThat(f.getInt("total")).isEqualTo(total);
        assertThat(f.getBool("sequential-keys")).isEqualTo(sequential);
    }

    @Test
    void aBoolFlagDoesNotTakeTheNextArgument() throws UsageException {
        ParsedFlags f = FLAGS.parse(List.of("--sequential-keys", "false", "key"), false);
        assertThat(f.getBool("sequential-keys")).isTrue();
        assertThat(f.positional()).containsExactly("false", "key");
    }

    @Test
    void flagsAndPositionalsInterleaveAndDoubleDashEndsFlags() throws UsageException {
        ParsedFlags f = FLAGS.parse(List.of("foo", "--total", "3", "zoo", "--", "--total"), false);
        assertThat(f.positional()).containsExactly("foo", "zoo", "--total");
        assertThat(f.getInt("total")).isEqualTo(3);
    }

    @Test
    void stopsAtTheFirstPositionalForTheCommandName() throws UsageException {
        ParsedFlags f = FLAGS.parse(List.of("--clients=4", "put", "--total", "9"), true);
        assertThat(f.getInt("clients")).isEqualTo(4);
        assertThat(f.positional()).containsExactly("put", "--total", "9");
    }

    @Test
    void stringSlicesSplitAtCommasAndTheFirstUseReplacesTheDefault() throws UsageException {
        ParsedFlags f = FLAGS.parse(List.of("--endpoints", "a:1, b:2", "--endpoints=c:3"), false);
        assertThat(f.getStrings("endpoints")).containsExactly("a:1", "b:2", "c:3");
    }

    @Test
    void helpIsRecognised() throws UsageException {
        assertThat(FLAGS.parse(List.of("-h"), false).help()).isTrue();
        assertThat(FLAGS.parse(List.of("--help"), false).help()).isTrue();
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of(List.of("--nope"), "unknown flag: --nope"),
                Arguments.of(List.of("--total"), "flag needs an argument: --total"),
                Arguments.of(List.of("--total=x"), "invalid argument \"x\" for \"--total\" flag"),
                Arguments.of(List.of("--clients=-1"), "invalid argument \"-1\" for \"--clients\" flag"),
                Arguments.of(List.of("--sequential-keys=yes"), "invalid argument \"yes\""),
                Arguments.of(List.of("--dial-timeout=5"), "missing unit"),
                Arguments.of(List.of("-t"), "unknown shorthand flag: 't'"));
    }

    @ParameterizedTest
    @MethodSource("mistakes")
    void rejectsMistakesWithPflagsWording(List<String> args, String message) {
        assertThatThrownBy(() -> FLAGS.parse(args, false))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining(message);
    }

    @Test
    void usageListsFlagsSortedWithNonZeroDefaults() {
        String usage = FLAGS.usage();
        assertThat(usage.indexOf("--clients")).isLessThan(usage.indexOf("--total"));
        assertThat(usage)
                .contains("(default 10000)")
                .contains("(default \"l\")")
                .contains("[127.0.0.1:2379]");
        assertThat(usage).doesNotContain("(default 0s)").doesNotContain("(default false)");
    }
}
