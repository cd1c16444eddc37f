package org.activitycompletion.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.activitycompletion.support.Gql;
import org.activitycompletion.support.Instance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service, started twice on the same embedded data directory, keeps its data;
 * it also stops its PostgreSQL when it stops.
 */
class RestartIT {

    @TempDir
    Path work;

    @Test
    void dataSurvivesARestart() throws Exception {
        Path dataDir = work.resolve("pgdata");
        String dataDirOption = "-Dcompletion.embedded.data-dir=" + dataDir;

        try (Instance first = Instance.start("first", null, work, Map.of(), dataDirOption).awaitReady()) {
            first.ok(Gql.ADMIN_TOKEN, "mutation { createCourse(shortName: \"KEEP1\", fullName: \"Kept\") { id } }");
        }
        assertFalse(Files.exists(dataDir.resolve("postmaster.pid")), "PostgreSQL stopped with the service");

        try (Instance second = Instance.start("second", null, work, Map.of(), dataDirOption).awaitReady()) {
            assertEquals(List.of(Map.of("shortName", "KEEP1", "fullName", "Kept")),
                    second.ok(Gql.ADMIN_TOKEN, "{ courses { shortName fullName } }").getList("courses"));
            assertEquals("admin", second.ok(Gql.ADMIN_TOKEN, "{ me { username } }").getString("me.username"));
        }
    }
}
