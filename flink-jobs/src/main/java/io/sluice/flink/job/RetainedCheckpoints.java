package io.sluice.flink.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds where to resume from after the process running the job went away. The embedded
 * configuration retains a cancelled or failed job's last checkpoint as
 * {@code <directory>/<job id>/chk-<n>/_metadata}; a job stopped with a savepoint leaves
 * {@code <savepoints>/savepoint-<id>/_metadata}. The newest of them, across the job ids of earlier
 * runs, is what {@code execution.state-recovery.path} should name: resuming from an older one after
 * a savepoint would write again the outcomes the savepoint had already committed.
 */
public final class RetainedCheckpoints {
    private static final String METADATA = "_metadata";

    private RetainedCheckpoints() {}

    /** The newest complete checkpoint under {@code directory}, or empty if there is none. */
    public static Optional<Path> newest(Path directory) {
        return newest(directory, null);
    }

    /**
     * The newest complete checkpoint under {@code checkpoints} or savepoint under
     * {@code savepoints} (which may be null), or empty if there is none.
     */
    public static Optional<Path> newest(Path checkpoints, Path savepoints) {
        return Stream.concat(candidates(checkpoints, true), candidates(savepoints, false))
                .filter(point -> Files.isRegularFile(point.resolve(METADATA)))
                .max(Comparator.comparing(RetainedCheckpoints::writtenAt));
    }

    private static Stream<Path> candidates(Path directory, boolean perJob) {
        if (directory == null || !Files.isDirectory(directory)) {
            return Stream.empty();
        }
        try (Stream<Path> entries = Files.list(directory)) {
            List<Path> found = entries.filter(Files::isDirectory).toList();
            return perJob
                    ? found.stream().flatMap(RetainedCheckpoints::checkpointsOf)
                    : found.stream().filter(p -> p.getFileName().toString().startsWith("savepoint-"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
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
