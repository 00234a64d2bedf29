package io.sluice.flink.bandit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds where to resume from after the process running the job went away. The embedded
 * configuration retains a cancelled or failed job's last checkpoint as
 * {@code <directory>/<job id>/chk-<n>/_metadata}; the newest one, across the job ids of earlier
 * runs, is what {@code execution.state-recovery.path} should name.
 */
public final class RetainedCheckpoints {
    private static final String METADATA = "_metadata";

    private RetainedCheckpoints() {}

    /** The newest complete checkpoint under {@code directory}, or empty if there is none. */
    public static Optional<Path> newest(Path directory) {
        if (!Files.isDirectory(directory)) {
            return Optional.empty();
        }
        try (Stream<Path> jobs = Files.list(directory)) {
            return jobs.filter(Files::isDirectory)
                    .flatMap(RetainedCheckpoints::checkpointsOf)
                    .filter(checkpoint -> Files.isRegularFile(checkpoint.resolve(METADATA)))
                    .max(Comparator.comparing(RetainedCheckpoints::writtenAt));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoints in " + directory, e);
        }
    }

    private static Stream<Path> checkpointsOf(Path job) {
        try (Stream<Path> entries = Files.list(job)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("chk-")).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoints in " + job, e);
        }
    }

    private static FileTime writtenAt(Path checkpoint) {
        try {
            return Files.getLastModifiedTime(checkpoint.resolve(METADATA));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
