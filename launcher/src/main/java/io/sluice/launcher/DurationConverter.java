package io.sluice.launcher;

import io.sluice.core.json.HumanDuration;
import java.time.Duration;
import picocli.CommandLine;

/** Reads option values such as {@code 90s}, {@code 2m} or {@code 1h}, as the configuration does. */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        Duration duration = HumanDuration.parse(value).orElseThrow(() -> new CommandLine.TypeConversionException(
                "'" + value + "' is not a duration such as 30s, 2m or 1h"));
        if (duration.isNegative() || duration.isZero()) {
            throw new CommandLine.TypeConversionException("'" + value + "' must be longer than zero");
        }
        return duration;
    }
}
