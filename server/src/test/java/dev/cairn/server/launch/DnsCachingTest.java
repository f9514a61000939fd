package dev.cairn.server.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.Security;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DnsCachingTest {
    private @Nullable String positive;
    private @Nullable String negative;

    @BeforeEach
    void remember() {
        positive = Security.getProperty(DnsCaching.POSITIVE);
        negative = Security.getProperty(DnsCaching.NEGATIVE);
    }

    @AfterEach
    void restore() {
        System.clearProperty("sun.net.inetaddr.ttl");
        System.clearProperty("sun.net.inetaddr.negative.ttl");
        Security.setProperty(DnsCaching.POSITIVE, positive == null ? "-1" : positive);
        Security.setProperty(DnsCaching.NEGATIVE, negative == null ? "10" : negative);
    }

    @Test
    void lookupsAreNotCachedByDefault() {
        assertThat(negative).as("the JDK's own default keeps failed lookups").isEqualTo("10");

        DnsCaching.configure();

        assertThat(Security.getProperty(DnsCaching.POSITIVE)).isEqualTo("0");
        assertThat(Security.getProperty(DnsCaching.NEGATIVE)).isEqualTo("0");
    }

    @Test
    void theOperatorsSystemPropertiesWin() {
        System.setProperty("sun.net.inetaddr.ttl", "30");
        System.setProperty("sun.net.inetaddr.negative.ttl", " 5 ");

        DnsCaching.configure();

        assertThat(Security.getProperty(DnsCaching.POSITIVE)).isEqualTo("30");
        assertThat(Security.getProperty(DnsCaching.NEGATIVE)).isEqualTo("5");
    }
}
