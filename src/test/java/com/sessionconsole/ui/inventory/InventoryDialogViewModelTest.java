package com.sessionconsole.ui.inventory;

import com.sessionconsole.fleet.InstanceKind;
import com.sessionconsole.fleet.inventory.InstanceConfig;
import com.sessionconsole.fleet.inventory.Inventory;
import com.sessionconsole.fleet.inventory.Secret;
import com.sessionconsole.fleet.inventory.ShardConfig;
import com.sessionconsole.killsession.ProbeResult;
import com.sessionconsole.ui.common.Background;
import com.sessionconsole.ui.inventory.InventoryEditorViewModel.InstanceDraft;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inventory dialog's "Test connection" and Save: plain JUnit, no toolkit. The blocking calls queue up instead
 * of running, so the state while one is out can be seen; their callbacks run on the test's thread.
 */
class InventoryDialogViewModelTest {
    private static final Path FILE = Path.of("inv.yaml");

    private final List<Runnable> queued = new ArrayList<>();
    private final Background background = new Background(queued::add, Runnable::run);
    private final List<InstanceConfig> probed = new ArrayList<>();
    private final List<Inventory> written = new ArrayList<>();
    private final List<Inventory> handedOn = new ArrayList<>();

    private static Inventory orders() {
        return new Inventory(FILE, List.of(new InstanceConfig("tdsqlshard-a", "orders", InstanceKind.MYSQL, "local", List.of(
                new ShardConfig("shard-a1", "set_1_1", "127.0.0.1", 3306, "console", Secret.plain("s3cret")),
                new ShardConfig("shard-a2", "set_1_2", "127.0.0.1", 3307, "console", Secret.env("DB_PASS"))), null)),
                List.of());
    }

    private InventoryDialogViewModel dialog(InventoryDialogViewModel.Probe probe, InventoryDialogViewModel.Save save) {
        return new InventoryDialogViewModel(new InventoryEditorViewModel(orders(), FILE), false, background, probe, save,
                handedOn::add);
    }

    private InventoryDialogViewModel answering(List<ProbeResult> answer) {
        return dialog(config -> {
            probed.add(config);
            return answer;
        }, written::add);
    }

    private void finishCalls() {
        List<Runnable> now = new ArrayList<>(queued);
        queued.clear();
        now.forEach(Runnable::run);
    }

    @Test
    void aTestRunsOffTheCallerAndListsWhatEachShardAnswered() {
        InventoryDialogViewModel model = answering(List.of(new ProbeResult("shard-a1", null, 3),
                new ProbeResult("shard-a2", "Connection refused", 0)));
        assertThat(model.canTest().get()).isTrue();

        model.test(model.drafts().instances().get(0));
        assertThat(model.testingProperty().get()).isTrue();
        assertThat(model.canTest().get()).isFalse();
        assertThat(model.testResultProperty().get()).isEqualTo("Connecting…");
        assertThat(probed).isEmpty();

        finishCalls();
        assertThat(probed).extracting(InstanceConfig::id).containsExactly("tdsqlshard-a");
        assertThat(model.testingProperty().get()).isFalse();
        assertThat(model.canTest().get()).isTrue();
        assertThat(model.testResultProperty().get()).isEqualTo("shard-a1: ok, 3 sessions\nshard-a2: Connection refused");

        model.clearTestResult();
        assertThat(model.testResultProperty().get()).isEmpty();
    }

    @Test
    void aWrongFieldIsNamedAndNothingIsSent() {
        InventoryDialogViewModel model = answering(List.of());
        InstanceDraft draft = model.drafts().instances().get(0);
        draft.shards.get(1).port.set("33o7");

        model.test(draft);

        assertThat(queued).isEmpty();
        assertThat(model.testingProperty().get()).isFalse();
        assertThat(model.problemProperty().get()).contains("shard-a2").contains("port");
    }

    @Test
    void aTestThatCannotRunSaysWhy() {
        InventoryDialogViewModel model = dialog(config -> {
            throw new IOException("connect timed out");
        }, written::add);

        model.test(model.drafts().instances().get(0));
        finishCalls();

        assertThat(model.testResultProperty().get()).isEqualTo("Test failed: connect timed out");
        assertThat(model.testingProperty().get()).isFalse();
    }

    @Test
    void withoutAServiceThereIsNothingToTestThrough() {
        InventoryDialogViewModel model = dialog(null, written::add);

        assertThat(model.canTest().get()).isFalse();
        model.test(model.drafts().instances().get(0));
        assertThat(queued).isEmpty();
        assertThat(model.testResultProperty().get()).isEmpty();
    }

    @Test
    void savingWritesOnceThenClosesTheDialogAndHandsTheInventoryOn() {
        InventoryDialogViewModel model = answering(List.of());

        model.save();
        model.save(); // a second click while the file is being written
        assertThat(model.savingProperty().get()).isTrue();
        assertThat(model.savedProperty().get()).isFalse();
        assertThat(queued).hasSize(1);

        finishCalls();
        assertThat(written).hasSize(1);
        assertThat(model.savingProperty().get()).isFalse();
        assertThat(model.savedProperty().get()).isTrue();
        assertThat(handedOn).containsExactly(written.get(0));
        assertThat(model.problemProperty().get()).isEmpty();
    }

    @Test
    void aFailedSaveKeepsTheDialogOpenAndSaysWhyWithoutThePassword() {
        InventoryDialogViewModel model = dialog(config -> List.of(), inventory -> {
            throw new IOException("inv.yaml: No space left on device");
        });

        model.save();
        finishCalls();

        assertThat(model.savedProperty().get()).isFalse();
        assertThat(model.savingProperty().get()).isFalse();
        assertThat(handedOn).isEmpty();
        assertThat(model.problemProperty().get()).isEqualTo("Not saved: inv.yaml: No space left on device")
                .doesNotContain("s3cret");
    }

    @Test
    void aWrongFieldIsNotSaved() {
        InventoryDialogViewModel model = answering(List.of());
        model.drafts().instances().get(0).id.set("");

        model.save();

        assertThat(queued).isEmpty();
        assertThat(model.savingProperty().get()).isFalse();
        assertThat(model.problemProperty().get()).isNotEmpty();
    }

    @Test
    void theNoteSaysWhereTheFileGoesAndWhatTheDemoKeeps() {
        assertThat(answering(List.of()).note()).startsWith("Saved to inv.yaml");
        InventoryDialogViewModel demo = new InventoryDialogViewModel(new InventoryEditorViewModel(orders(), FILE), true,
                background, null, written::add, handedOn::add);
        assertThat(demo.note()).startsWith("Saving writes inv.yaml").contains("stays on the demo fleet");
    }

    @Test
    void aTestOfAnAccountListsWhatDiscoveryFound() {
        InventoryDialogViewModel model = answering(List.of(ProbeResult.found("tdsqlshard-aaaa1111",
                "orders, running, ap-guangzhou, 40 shards"), ProbeResult.found("tdsqlshard-bbbb2222",
                "running, ap-guangzhou, 1 shard")));
        InstanceDraft account = model.drafts().addEntry(InstanceKind.DCDB_ACCOUNT);
        account.id.set("tencent-main");

        model.test(account);
        assertThat(model.testResultProperty().get()).isEqualTo("Discovering…");
        finishCalls();

        assertThat(probed).extracting(InstanceConfig::kind).containsExactly(InstanceKind.DCDB_ACCOUNT);
        assertThat(model.testResultProperty().get()).isEqualTo("tdsqlshard-aaaa1111: orders, running, ap-guangzhou,"
                + " 40 shards\ntdsqlshard-bbbb2222: running, ap-guangzhou, 1 shard");
    }
}
