package io.sluice.simulator.judge;

/**
 * A stretch of a judge prompt's user message that the instructions declared to be data: the
 * text between an opening and a closing boundary line carrying the declared token.
 *
 * @param label what the opening line calls it after the token ({@code answer}, {@code answer A})
 * @param start offset of the first character inside, in the user message
 * @param end   offset just past the last character inside
 * @param text  the content between the boundary lines
 */
public record Region(String label, int start, int end, String text) {
    public boolean contains(int offset) {
        return offset >= start && offset < end;
    }
}
