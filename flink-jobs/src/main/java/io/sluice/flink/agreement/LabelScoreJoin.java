package io.sluice.flink.agreement;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.core.event.DeadLetter;
import io.sluice.core.event.DeadLetterCause;
import io.sluice.core.event.JudgeScore;
import io.sluice.core.event.Label;
import io.sluice.core.event.SchemaVersion;
import io.sluice.core.json.HumanDuration;
import io.sluice.core.json.SluiceJson;
import io.sluice.flink.job.ProcessingTimeRetention;
import io.sluice.flink.serde.DeadLetterSplit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Joins judge scores with human labels by request id. Either may come first, and each waits in
 * keyed state for the other; every (score, label) combination of a request is one
 * {@link LabelledScore}, emitted when its second half arrives. So several annotators labelling one
 * answer give several pairs, and two judges scoring it pair with each label separately.
 *
 * <p><b>What is kept, and how long.</b> A score is kept per fingerprint, a label per annotator,
 * label and time of receipt; each for {@code ttl} of processing time after it was written (state
 * TTL, expired entries are never read), so a label that arrives later than that finds no score
 * and waits in vain until it expires too. Scores stay after pairing, for the labels still to come.
 *
 * <p><b>A label no score meets.</b> A label that finds no score waits {@code ttl} from its own
 * arrival; if no score has come by then (the answer was not sampled by the judge, or the id was
 * never issued) it goes to the dead-letter topic with the reason, so a label that can never count is
 * visible rather than silently gone. Each label keeps its own deadline: a request labelled twice a
 * day apart gives up its first label a day before its second.
 *
 * <p><b>What is left out.</b> A failed score carries no raw score and pairs with nothing. A second
 * score of the same request and fingerprint is the same score (the online judge writes at least
 * once) and is dropped, as is the same label received twice. Each is counted.
 */
public final class LabelScoreJoin extends KeyedProcessFunction<String, PairEvent, LabelledScore> {
    private static final long serialVersionUID = 1L;

    /** Labels that met no score, for the dead-letter topic. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS = DeadLetterSplit.DEAD_LETTERS;

    private final Duration ttl;
    private final String labelsTopic;
    private final String consumer;

    private transient MapState<String, JudgeScore> scores;
    private transient MapState<String, Label> labels;
    /** Labels that have met no score yet, by identity; cleared when one does, or when they are given up. */
    private transient MapState<String, Label> unmatched;
    /**
     * When each unmatched label is given up, in processing time. Kept beside {@link #unmatched}
     * rather than in it so that state written before deadlines existed still restores; a label
     * without a deadline is given up at the next timer, as it was then.
     */
    private transient MapState<String, Long> giveUpAt;
    private transient ObjectMapper mapper;
    private transient Counter unmatchedLabels;
    private transient Counter pairs;
    private transient Counter failedScores;
    private transient Counter duplicateScores;
    private transient Counter duplicateLabels;

    /**
     * @param ttl how long a score waits for labels, and a label for scores, in processing time
     * @param labelsTopic names the source of an unmatched label, in its dead letter
     * @param consumer names this job in dead letters
     */
    public LabelScoreJoin(Duration ttl, String labelsTopic, String consumer) {
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.labelsTopic = Objects.requireNonNull(labelsTopic, "labelsTopic");
        this.consumer = Objects.requireNonNull(consumer, "consumer");
    }

    static MapStateDescriptor<String, JudgeScore> scoresDescriptor(Duration ttl) {
        MapStateDescriptor<String, JudgeScore> descriptor =
                new MapStateDescriptor<>("scores", Types.STRING, TypeInformation.of(JudgeScore.class));
        descriptor.enableTimeToLive(ProcessingTimeRetention.afterWrite(ttl));
        return descriptor;
    }

    static MapStateDescriptor<String, Label> labelsDescriptor(Duration ttl) {
        MapStateDescriptor<String, Label> descriptor =
                new MapStateDescriptor<>("labels", Types.STRING, TypeInformation.of(Label.class));
        descriptor.enableTimeToLive(ProcessingTimeRetention.afterWrite(ttl));
        return descriptor;
    }


    @Override
    public void open(OpenContext openContext) {
        scores = getRuntimeContext().getMapState(scoresDescriptor(ttl));
        labels = getRuntimeContext().getMapState(labelsDescriptor(ttl));
        unmatched = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("unmatched-labels", Types.STRING, TypeInformation.of(Label.class)));
        giveUpAt = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("unmatched-label-deadlines", Types.STRING, Types.LONG));
        mapper = SluiceJson.create();
        var metrics = getRuntimeContext().getMetricGroup();
        pairs = metrics.counter("labelledScores");
        failedScores = metrics.counter("failedScoresSkipped");
        duplicateScores = metrics.counter("duplicateScores");
        duplicateLabels = metrics.counter("duplicateLabels");
        unmatchedLabels = metrics.counter("unmatchedLabels");
    }

    @Override
    public void processElement(PairEvent event, Context ctx, Collector<LabelledScore> out) throws Exception {
        if (event.score() != null) {
            onScore(event.score(), out);
        } else {
            onLabel(event.label(), ctx, out);
        }
    }

    private void onScore(JudgeScore score, Collector<LabelledScore> out) throws Exception {
        if (score.failed() || score.rawScore() == null) {
            failedScores.inc();
            return;
        }
        // Every label of the request meets this score: none of them is unmatched any more.
        unmatched.clear();
        giveUpAt.clear();
        if (scores.contains(score.fingerprint())) {
            duplicateScores.inc();
            return;
        }
        scores.put(score.fingerprint(), score);
        for (Label label : labels.values()) {
            emit(score, label, out);
        }
    }

    private void onLabel(Label label, Context ctx, Collector<LabelledScore> out) throws Exception {
        String identity = label.annotator() + '|' + label.label() + '|' + label.receivedAt();
        if (labels.contains(identity)) {
            duplicateLabels.inc();
            return;
        }
        labels.put(identity, label);
        boolean met = false;
        for (JudgeScore score : scores.values()) {
            emit(score, label, out);
            met = true;
        }
        if (!met) {
            long deadline = ctx.timerService().currentProcessingTime() + ttl.toMillis();
            unmatched.put(identity, label);
            giveUpAt.put(identity, deadline);
            ctx.timerService().registerProcessingTimeTimer(deadline);
        }
    }

    /** Gives up the unmatched labels whose deadline has come; the others wait for their own timers. */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<LabelledScore> out) throws Exception {
        List<String> due = new ArrayList<>();
        for (String identity : unmatched.keys()) {
            Long deadline = giveUpAt.get(identity);
            if (deadline == null || deadline <= timestamp) {
                due.add(identity);
            }
        }
        for (String identity : due) {
            Label label = unmatched.get(identity);
            unmatched.remove(identity);
            giveUpAt.remove(identity);
            unmatchedLabels.inc();
            ctx.output(DEAD_LETTERS, new DeadLetter(SchemaVersion.CURRENT, labelsTopic, -1, -1, label.requestId(),
                    mapper.writeValueAsBytes(label), "unmatched label: no judge score for request_id "
                            + label.requestId() + " arrived within the pair TTL (" + HumanDuration.format(ttl)
                            + "): the answer was not sampled by the judge, or the id was never issued",
                    DeadLetterCause.UNMATCHED_LABEL, consumer, Instant.ofEpochMilli(timestamp)));
        }
    }

    private void emit(JudgeScore score, Label label, Collector<LabelledScore> out) {
        Instant complete = score.judgedAt().isAfter(label.receivedAt()) ? score.judgedAt() : label.receivedAt();
        pairs.inc();
        out.collect(new LabelledScore(score.requestId(), score.experiment(), score.fingerprint(), score.rawScore(),
                label.annotator(), label.label(), complete));
    }
}
