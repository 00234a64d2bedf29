package io.sluice.simulator.quality;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The true quality of a simulated answer, written into the answer itself as a final line
 * {@code [quality: 0.734]}. Whoever sees the answer (a simulated user, a simulated judge, an
 * annotator) can read the ground truth without sharing state with the upstream, which is what
 * lets the simulated world run across process and HTTP boundaries. The router must never read
 * it: to the router it is just text.
 */
public final class QualityMark {
    private static final Pattern MARK = Pattern.compile("\\[quality: ([01](?:\\.\\d+)?)]");

    private QualityMark() {}

    /** The mark for quality {@code q}, clamped to [0, 1], three decimals. */
    public static String format(double q) {
        return String.format(Locale.ROOT, "[quality: %.3f]", clamp(q));
    }

    /** {@code text} with the mark as its final line, separated by a blank line. */
    public static String append(String text, double q) {
        return text + "\n\n" + format(q);
    }

    /**
     * The quality marked in {@code text}. When the text holds several marks (an answer quoting an
     * earlier one) the last one counts, since the upstream always writes its own mark last.
     */
    public static OptionalDouble read(String text) {
        if (text == null) {
            return OptionalDouble.empty();
        }
        Matcher m = MARK.matcher(text);
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        if (last == null) {
            return OptionalDouble.empty();
        }
        double q = Double.parseDouble(last);
        return q <= 1 ? OptionalDouble.of(q) : OptionalDouble.empty();
    }

    /** One mark found in a text: the quality and where the mark stands. */
    public record Located(double quality, int start, int end) {}

    /**
     * Every mark in {@code text}, in order. A judge reading a prompt that quotes several answers
     * needs to know which mark belongs to which answer, not only the last one.
     */
    public static List<Located> locateAll(String text) {
        List<Located> found = new ArrayList<>();
        if (text == null) {
            return found;
        }
        Matcher m = MARK.matcher(text);
        while (m.find()) {
            double q = Double.parseDouble(m.group(1));
            if (q <= 1) {
                found.add(new Located(q, m.start(), m.end()));
            }
        }
        return found;
    }

    /** {@code text} without any mark, for showing an answer the way a person would read it. */
    public static String strip(String text) {
        return MARK.matcher(text).replaceAll("").strip();
    }

    private static double clamp(double q) {
        if (Double.isNaN(q)) {
            throw new IllegalArgumentException("quality is NaN");
        }
        return Math.max(0, Math.min(1, q));
    }
}
