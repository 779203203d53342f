package com.sessionconsole.killsession;

import com.sessionconsole.fleet.KillMode;
import com.sessionconsole.fleet.TaskStatus;
import com.sessionconsole.testfleet.FleetTestSupport;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.sessionconsole.testfleet.TestFleet.INSTANCE_A;
import static com.sessionconsole.testfleet.TestFleet.INSTANCE_B;
import static com.sessionconsole.testfleet.TestFleet.SHARD_A1;
import static com.sessionconsole.testfleet.TestFleet.SHARD_A2;
import static com.sessionconsole.testfleet.TestFleet.SHARD_B1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValidationTest extends FleetTestSupport {

    private void refused(KillRequest request, Caller caller, ErrorCode code, String messagePart) {
        assertThatThrownBy(() -> service.kill(request, caller))
                .isInstanceOfSatisfying(KillSessionException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.getMessage()).contains(messagePart);
                    assertThat(e.taskId()).isNull();
                });
    }

    private static KillRequest request(String instance, String shardId, String serial, List<Long> ids) {
        return new KillRequest(instance, shardId, serial, ids, KillMode.CONNECTION, Map.of());
    }

    @Test
    void missingFieldsAreMissingParameter() {
        refused(request(null, SHARD_A1, null, List.of(5L)), OPERATOR, ErrorCode.MISSING_PARAMETER, "InstanceId");
        refused(request(INSTANCE_A, null, null, List.of(5L)), OPERATOR, ErrorCode.MISSING_PARAMETER,
                "ShardId or ShardSerialId");
        refused(request(INSTANCE_A, SHARD_A1, null, List.of()), OPERATOR, ErrorCode.MISSING_PARAMETER, "SessionId");
        refused(request(INSTANCE_A, SHARD_A1, null, null), OPERATOR, ErrorCode.MISSING_PARAMETER, "SessionId");
    }

    @Test
    void malformedFieldsAreInvalidParameterNamingTheField() {
        refused(request("bad id!", SHARD_A1, null, List.of(5L)), OPERATOR, ErrorCode.INVALID_PARAMETER, "InstanceId");
        refused(request(INSTANCE_A, "shard_x", null, List.of(5L)), OPERATOR, ErrorCode.INVALID_PARAMETER, "ShardId");
        refused(request(INSTANCE_A, null, "set-1", List.of(5L)), OPERATOR, ErrorCode.INVALID_PARAMETER, "ShardSerialId");
        refused(request(INSTANCE_A, SHARD_A1, null, List.of(0L)), OPERATOR, ErrorCode.INVALID_PARAMETER, "SessionId");
        refused(request(INSTANCE_A, SHARD_A1, null, List.of(-3L)), OPERATOR, ErrorCode.INVALID_PARAMETER, "SessionId");
        refused(request(INSTANCE_A, SHARD_A1, null, Arrays.asList(5L, null)), OPERATOR, ErrorCode.INVALID_PARAMETER,
                "SessionId");
        List<Long> tooMany = new ArrayList<>();
        for (long i = 1; i <= 101; i++) {
            tooMany.add(i);
        }
        refused(request(INSTANCE_A, SHARD_A1, null, tooMany), OPERATOR, ErrorCode.INVALID_PARAMETER, "at most 100");
        refused(request(INSTANCE_A, "shard-nosuch", null, List.of(5L)), OPERATOR, ErrorCode.INVALID_PARAMETER,
                "ShardId: instance " + INSTANCE_A + " has no shard shard-nosuch");
    }

    @Test
    void bothShardFieldsMustNameTheSameShard() throws Exception {
        String serialOfA2 = fleet.shard(SHARD_A2).shardSerialId();
        refused(request(INSTANCE_A, SHARD_A1, serialOfA2, List.of(5L)), OPERATOR, ErrorCode.INVALID_PARAMETER,
                "name different shards");
        // Both given and agreeing is fine; the serial id alone is fine.
        String serialOfA1 = fleet.shard(SHARD_A1).shardSerialId();
        assertThat(service.kill(request(INSTANCE_A, SHARD_A1, serialOfA1, List.of(987_000_001L)), OPERATOR).shardId())
                .isEqualTo(SHARD_A1);
        assertThat(service.kill(request(INSTANCE_A, null, serialOfA2, List.of(987_000_002L)), OPERATOR).shardId())
                .isEqualTo(SHARD_A2);
    }

    @Test
    void anUnknownInstanceIsInstanceNotFound() {
        refused(request("tdsqlshard-nosuch", SHARD_A1, null, List.of(5L)), OPERATOR, ErrorCode.INSTANCE_NOT_FOUND,
                "tdsqlshard-nosuch");
    }

    @Test
    void aCallerWithoutTheRightIsPermissionDenied() {
        Caller readOnly = new Caller("api:AKIDreadonly", false, Set.of());
        refused(request(INSTANCE_A, SHARD_A1, null, List.of(5L)), readOnly, ErrorCode.PERMISSION_DENIED, "read-only");
        Caller onlyB = new Caller("api:AKIDonlyB", true, Set.of(INSTANCE_B));
        refused(request(INSTANCE_A, SHARD_A1, null, List.of(5L)), onlyB, ErrorCode.PERMISSION_DENIED, INSTANCE_A);
    }

    @Test
    void anUnreachableShardIsOssOperationFailedWithItsTaskRecordedAsFailed() throws Exception {
        fleet.shard(SHARD_B1).server().stop();
        try {
            KillSessionException failed = catchThrowableOfType(KillSessionException.class,
                    () -> service.kill(request(INSTANCE_B, SHARD_B1, null, List.of(5L)), OPERATOR));
            assertThat(failed.code()).isEqualTo(ErrorCode.BACKEND_FAILED);
            assertThat(failed.code().code()).isEqualTo("FailedOperation.OssOperationFailed");
            assertThat(failed.getMessage()).contains(SHARD_B1);
            assertThat(failed.taskId()).isNotNull();
            assertThat(service.task(failed.taskId()).orElseThrow().status()).isEqualTo(TaskStatus.FAILED);
        } finally {
            fleet.shard(SHARD_B1).server().restart();
        }
    }

    @Test
    void refusedRequestsAreAuditedToo() throws Exception {
        refused(request("tdsqlshard-nosuch", SHARD_A1, null, List.of(5L)), OPERATOR, ErrorCode.INSTANCE_NOT_FOUND,
                "nosuch");
        String audit = Files.readString(Path.of(service.auditLocation()));
        assertThat(audit).contains("\"type\":\"refused\"").contains("InvalidParameter.InstanceNotFound");
    }
}
