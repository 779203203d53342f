package com.sessionconsole.dcdb;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sessionconsole.fleet.backend.BackendException;
import com.tencentcloudapi.common.Credential;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A credentials file in the SDK's style: read strictly, never echoed, and a warning when others may read it. */
class CredentialsTest {
    private static final String FILE = "[default]\nsecret_id = AKIDdefault\nsecret_key = default-key-0001\n\n"
            + "# the on-call key\n[ops]\nsecret_id=AKIDops\nsecret_key = ops-key-0002\n";

    @TempDir
    Path dir;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(Credentials.class);

    @BeforeEach
    void listen() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void stop() {
        logger.detachAppender(log);
    }

    private Path file(String text, String permissions) throws Exception {
        Path file = dir.resolve("credentials-" + permissions);
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }

    @Test
    void readsTheNamedProfile() throws Exception {
        Credential ops = Credentials.profile(file(FILE, "rw-------"), "ops");
        assertThat(ops.getSecretId()).isEqualTo("AKIDops");
        assertThat(ops.getSecretKey()).isEqualTo("ops-key-0002");
        assertThat(log.list).isEmpty();
    }

    @Test
    void aMissingProfileOrFileIsNamedWithoutAnyValue() throws Exception {
        Path file = file(FILE, "rw-------");
        assertThatThrownBy(() -> Credentials.profile(file, "prod")).isInstanceOf(BackendException.class)
                .hasMessageContaining("profile prod of " + file).hasMessageContaining("no [prod] section")
                .hasMessageNotContainingAny("AKID", "key-000");
        assertThatThrownBy(() -> Credentials.profile(dir.resolve("none"), "default"))
                .hasMessageContaining("no such file");
        assertThatThrownBy(() -> Credentials.profile(dir, "default")).hasMessageContaining("not a regular file");
    }

    @Test
    void aFileItsGroupMayReadIsWarnedOfToo() throws Exception {
        Path file = file(FILE, "rw-r-----");
        assertThat(Credentials.profile(file, "ops").getSecretId()).isEqualTo("AKIDops");
        assertThat(log.list).singleElement().satisfies(event -> assertThat(event.getFormattedMessage())
                .contains(file.toString(), "readable by group or others"));
    }

    @Test
    void aFileOthersMayReadIsUsedWithOneWarning() throws Exception {
        Path file = file(FILE, "rw-r--r--");
        assertThat(Credentials.profile(file, "default").getSecretId()).isEqualTo("AKIDdefault");
        Credentials.profile(file, "ops");
        assertThat(log.list).hasSize(1);
        assertThat(log.list.get(0).getFormattedMessage()).contains(file.toString(), "readable by group or others",
                "chmod 600").doesNotContain("key-000");
    }
}
