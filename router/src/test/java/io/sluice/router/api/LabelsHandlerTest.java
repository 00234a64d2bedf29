package io.sluice.router.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.core.judge.RubricScale;
import io.sluice.core.json.SluiceJson;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A label is accepted only on a scale some served rubric grades on; the rest is refused at the edge. */
class LabelsHandlerTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T10:00:00Z"), ZoneOffset.UTC);

    private static ObjectNode body(int label) {
        return SluiceJson.fromJson("{\"request_id\":\"req_0123456789abcdef0123456789abcdef\",\"annotator\":\"ann\","
                + "\"label\":" + label + "}", ObjectNode.class);
    }

    @Test
    void aGradeOnTheScaleIsAcceptedWithItsBoundsIncluded() {
        LabelsHandler handler = new LabelsHandler(null, null, CLOCK, () -> Optional.of(new RubricScale(1, 5)));
        assertThat(handler.parse(body(1), null).label()).isEqualTo(1);
        assertThat(handler.parse(body(5), "annotators").client()).isEqualTo("annotators");
    }

    @Test
    void aGradeOffTheScaleIsRefusedNamingTheScale() {
        LabelsHandler handler = new LabelsHandler(null, null, CLOCK, () -> Optional.of(new RubricScale(1, 5)));
        for (int grade : new int[] {0, 6, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            assertThatThrownBy(() -> handler.parse(body(grade), null)).isInstanceOfSatisfying(ApiException.class, e -> {
                assertThat(e.error().param()).isEqualTo("label");
                assertThat(e.error().message()).contains("between 1 and 5", "got " + grade);
            });
        }
    }

    @Test
    void withoutAnyRubricNoLabelCanBeGraded() {
        LabelsHandler handler = new LabelsHandler(null, null, CLOCK, Optional::empty);
        assertThatThrownBy(() -> handler.parse(body(3), null)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.error().message()).contains("no experiment served here has a judge rubric"));
    }
}
