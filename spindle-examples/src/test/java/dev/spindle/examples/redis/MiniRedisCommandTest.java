package dev.spindle.examples.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MiniRedisCommandTest {

    @Test
    void defaultsAreRedisDefaults() {
        MiniRedisConfig c = MiniRedisCommand.parse(new String[0]);
        assertEquals("127.0.0.1", c.address().getHostString());
        assertEquals(6379, c.address().getPort());
        assertEquals(10_000, c.maxClients());
        assertEquals(512L * 1024 * 1024, c.maxBulkLength());
    }

    @Test
    void optionsChangeTheirSetting() {
        MiniRedisConfig c = MiniRedisCommand.parse(new String[] {"--port", "7000", "--bind", "0.0.0.0",
                "--maxclients", "5", "--proto-max-bulk-len", "2000000000"});
        assertEquals(7000, c.address().getPort());
        assertEquals("0.0.0.0", c.address().getHostString());
        assertEquals(5, c.maxClients());
        assertEquals(2_000_000_000L, c.maxBulkLength());
        assertEquals(2_000_000_000L, c.maxRequestBytes(), "the request limit is raised to the bulk limit");
    }

    @Test
    void outOfRangeValuesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> MiniRedisCommand.parse(new String[] {"--port", "70000"}));
        assertThrows(IllegalArgumentException.class, () -> MiniRedisCommand.parse(new String[] {"--maxclients", "0"}));
        assertThrows(IllegalArgumentException.class,
                () -> MiniRedisCommand.parse(new String[] {"--proto-max-bulk-len", "4000000000"}));
    }
}
