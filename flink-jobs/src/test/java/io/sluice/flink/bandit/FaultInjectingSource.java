package io.sluice.flink.bandit;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A source that reads slowly and fails once, in the middle of the stream and only after a
 * checkpoint has completed: a failure before the first checkpoint would restart from nothing and
 * prove nothing about recovery. Counters are static because the readers run inside the
 * MiniCluster in this JVM and the one failure must survive the restart.
 */
final class FaultInjectingSource<T, S extends SourceSplit, E> implements Source<T, S, E> {
    private static final long serialVersionUID = 1L;

    /** Faults injected since the last {@link #reset()}. */
    static final AtomicInteger FAULTS = new AtomicInteger();
    /** The newest checkpoint a reader had seen complete when the fault was injected. */
    static final AtomicLong CHECKPOINT_BEFORE_FAULT = new AtomicLong(-1);
    /** Records polled, across readers and attempts. */
    static final AtomicLong POLLS = new AtomicLong();
    /** {@link #POLLS} when the fault was injected. */
    static final AtomicLong POLLS_AT_FAULT = new AtomicLong(-1);

    private final Source<T, S, E> delegate;
    private final long failAfterPolls;
    private final long pollDelayMillis;

    FaultInjectingSource(Source<T, S, E> delegate, long failAfterPolls, long pollDelayMillis) {
        this.delegate = delegate;
        this.failAfterPolls = failAfterPolls;
        this.pollDelayMillis = pollDelayMillis;
    }

    static void reset() {
        FAULTS.set(0);
        CHECKPOINT_BEFORE_FAULT.set(-1);
        POLLS.set(0);
        POLLS_AT_FAULT.set(-1);
    }

    @Override
    public Boundedness getBoundedness() {
        return delegate.getBoundedness();
    }

    @Override
    public SplitEnumerator<S, E> createEnumerator(SplitEnumeratorContext<S> context) throws Exception {
        return delegate.createEnumerator(context);
    }

    @Override
    public SplitEnumerator<S, E> restoreEnumerator(SplitEnumeratorContext<S> context, E checkpoint)
            throws Exception {
        return delegate.restoreEnumerator(context, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<S> getSplitSerializer() {
        return delegate.getSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<E> getEnumeratorCheckpointSerializer() {
        return delegate.getEnumeratorCheckpointSerializer();
    }

    @Override
    public SourceReader<T, S> createReader(SourceReaderContext context) throws Exception {
        return new Reader(delegate.createReader(context));
    }

    private final class Reader implements SourceReader<T, S> {
        private final SourceReader<T, S> reader;
        private volatile long completedCheckpoint = -1;
        private long polls;

        Reader(SourceReader<T, S> reader) {
            this.reader = reader;
        }

        @Override
        public void start() {
            reader.start();
        }

        @Override
        public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
            InputStatus status = reader.pollNext(output);
            POLLS.incrementAndGet();
            polls++;
            if (completedCheckpoint > 0 && polls >= failAfterPolls && FAULTS.compareAndSet(0, 1)) {
                CHECKPOINT_BEFORE_FAULT.set(completedCheckpoint);
                POLLS_AT_FAULT.set(POLLS.get());
                throw new IllegalStateException("injected fault after " + polls + " polls and checkpoint "
                        + completedCheckpoint);
            }
            Thread.sleep(pollDelayMillis);
            return status;
        }

        @Override
        public List<S> snapshotState(long checkpointId) {
            return reader.snapshotState(checkpointId);
        }

        @Override
        public CompletableFuture<Void> isAvailable() {
            return reader.isAvailable();
        }

        @Override
        public void addSplits(List<S> splits) {
            reader.addSplits(splits);
        }

        @Override
        public void notifyNoMoreSplits() {
            reader.notifyNoMoreSplits();
        }

        @Override
        public void handleSourceEvents(SourceEvent event) {
            reader.handleSourceEvents(event);
        }

        @Override
        public void pauseOrResumeSplits(Collection<String> toPause, Collection<String> toResume) {
            reader.pauseOrResumeSplits(toPause, toResume);
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) throws Exception {
            reader.notifyCheckpointComplete(checkpointId);
            completedCheckpoint = checkpointId;
        }

        @Override
        public void notifyCheckpointAborted(long checkpointId) throws Exception {
            reader.notifyCheckpointAborted(checkpointId);
        }

        @Override
        public void close() throws Exception {
            reader.close();
        }
    }
}
