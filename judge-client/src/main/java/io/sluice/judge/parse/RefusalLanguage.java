package io.sluice.judge.parse;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Recognises a judge declining to grade ("I'm sorry, but I can't help with that"). Consulted only
 * when a reply holds no grades, so an explanation that happens to say "cannot" next to valid
 * JSON is still read as grades.
 */
public final class RefusalLanguage {
    private static final int CI = Pattern.CASE_INSENSITIVE;
    private static final List<Pattern> REFUSING = List.of(
            Pattern.compile("\\bI(?:'m| am) sorry\\b|\\bI apologi[sz]e\\b", CI),
            Pattern.compile("\\bI (?:can(?:'|no)t|cannot|won't|will not|must decline|(?:am|'m) (?:unable|not able) to)\\b",
                    CI),
            Pattern.compile("\\bunable to (?:grade|evaluate|assess|score|judge|comply|help|assist)\\b", CI),
            Pattern.compile("\\bas an ai\\b", CI));

    private RefusalLanguage() {}

    public static boolean refuses(String reply) {
        return REFUSING.stream().anyMatch(p -> p.matcher(reply).find());
    }
}
