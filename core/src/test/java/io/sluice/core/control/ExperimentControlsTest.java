package io.sluice.core.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.core.event.Control;
import io.sluice.core.event.ControlAction;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExperimentControlsTest {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    private static Control control(String arm, ControlAction action) {
        return new Control(1, "e", arm, action, "test", "admin", T0);
    }

    @Test
    void pausesAndRollbacksAddUpAndAreLifted() {
        ExperimentControls state = ExperimentControls.NONE
                .apply(control("b", ControlAction.PAUSE))
                .apply(control("a", ControlAction.PAUSE))
                .apply(control(null, ControlAction.ROLLBACK));

        assertThat(state.paused()).containsExactly("a", "b");
        assertThat(state.rolledBack()).isTrue();
        assertThat(state.serving(List.of("a", "b", "c"))).containsExactly("c");
        assertThat(state.versionSuffix()).isEqualTo("/paused:a,b");

        ExperimentControls lifted = state.apply(control("a", ControlAction.RESUME))
                .apply(control(null, ControlAction.RESTORE));
        assertThat(lifted.paused()).containsExactly("b");
        assertThat(lifted.rolledBack()).isFalse();
        assertThat(lifted.apply(control("b", ControlAction.RESUME))).isEqualTo(ExperimentControls.NONE);
    }

    @Test
    void aControlIsKeyedByWhatItIsAbout() {
        assertThat(control("a", ControlAction.PAUSE).key()).isEqualTo("e/a");
        assertThat(control(null, ControlAction.ROLLBACK).key()).isEqualTo("e");
        assertThatThrownBy(() -> control(null, ControlAction.PAUSE)).hasMessageContaining("arm");
        assertThatThrownBy(() -> control("a", ControlAction.ROLLBACK)).hasMessageContaining("whole experiment");
    }
}
