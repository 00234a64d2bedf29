package io.sluice.core.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sluice.core.event.Calibration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CalibrationCurveTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static final Calibration CALIBRATION =
            new Calibration(1, "fp1", 3, new double[] {1, 2, 3}, new double[] {1.5, 2.5, 2.5}, 120, T0);

    @Test
    void pointsMapToTheirLabels() {
        CalibrationCurve curve = CalibrationCurve.of(CALIBRATION);

        assertThat(curve.apply(1)).isEqualTo(1.5);
        assertThat(curve.apply(2)).isEqualTo(2.5);
        assertThat(curve.apply(3)).isEqualTo(2.5);
    }

    @Test
    void betweenPointsTheMapIsLinear() {
        CalibrationCurve curve = CalibrationCurve.of(CALIBRATION);

        assertThat(curve.apply(1.25)).isCloseTo(1.75, within(1e-12));
        assertThat(curve.apply(2.6)).isCloseTo(2.5, within(1e-12));
    }

    @Test
    void beyondTheEndsTheMapIsConstant() {
        CalibrationCurve curve = CalibrationCurve.of(CALIBRATION);

        assertThat(curve.apply(0.2)).isEqualTo(1.5);
        assertThat(curve.apply(4.9)).isEqualTo(2.5);
    }

    @Test
    void aOnePointCalibrationIsConstant() {
        CalibrationCurve curve = new CalibrationCurve(new double[] {3}, new double[] {3.4});

        assertThat(curve.apply(1)).isEqualTo(3.4);
        assertThat(curve.apply(5)).isEqualTo(3.4);
    }

    @Test
    void pointsOutOfOrderAreRejected() {
        assertThatThrownBy(() -> new CalibrationCurve(new double[] {1, 1}, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CalibrationCurve(new double[] {1, 2}, new double[] {2, 1}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
