package io.sluice.simulator.judge;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds what a judge prompt clearly delimits as data. Content counts as clearly delimited when
 * all of these hold:
 * <ol>
 *   <li>the instructions (system and developer messages) name a boundary token of at least 16
 *       letters, digits, '-' or '_' that the user message uses on boundary lines;</li>
 *   <li>the instructions say that what the boundaries enclose is data and not instructions (the
 *       word "data", and "not" or "never" shortly before "instruction");</li>
 *   <li>the content lies between an opening line (holding the word {@code BEGIN} and the token)
 *       and the next closing line (the word {@code END} and the same token).</li>
 * </ol>
 * A fixed tag such as {@code <answer>} does not count: the content itself can close it. Neither
 * does a region that is never closed, nor text after a line that repeats the token: a token that
 * leaked into the data ends the region there, as it would for a real model.
 */
public final class DelimitedRegions {
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{16,}");
    private static final Pattern SAYS_DATA = Pattern.compile("\\bdata\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern NOT_INSTRUCTIONS =
            Pattern.compile("\\b(?:not|never)\\b[^.\\n]{0,30}?\\binstructions?\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern BEGIN = Pattern.compile("\\bBEGIN\\b");
    private static final Pattern END = Pattern.compile("\\bEND\\b");

    private DelimitedRegions() {}

    /** The regions of {@code userText} that {@code instructions} declared to be data, in order. */
    public static List<Region> find(String instructions, String userText) {
        if (!SAYS_DATA.matcher(instructions).find() || !NOT_INSTRUCTIONS.matcher(instructions).find()) {
            return List.of();
        }
        Set<String> tokens = declaredTokens(instructions, userText);
        if (tokens.isEmpty()) {
            return List.of();
        }
        List<Region> regions = new ArrayList<>();
        String openToken = null;
        String label = null;
        int contentStart = -1;
        int lineStart = 0;
        while (lineStart <= userText.length()) {
            int newline = userText.indexOf('\n', lineStart);
            int lineEnd = newline < 0 ? userText.length() : newline;
            String line = userText.substring(lineStart, lineEnd);
            if (openToken == null) {
                String token = tokenIn(line, tokens);
                if (token != null && BEGIN.matcher(line).find()) {
                    openToken = token;
                    label = labelAfter(line, token);
                    contentStart = Math.min(userText.length(), lineEnd + 1);
                }
            } else if (line.contains(openToken)) {
                if (END.matcher(line).find() && !BEGIN.matcher(line).find()) {
                    int contentEnd = Math.max(contentStart, lineStart - 1);
                    regions.add(new Region(label, contentStart, contentEnd,
                            userText.substring(contentStart, contentEnd)));
                }
                // Any other line with the token ends the region unclosed: what follows is not data.
                openToken = null;
            }
            if (newline < 0) {
                break;
            }
            lineStart = newline + 1;
        }
        return regions;
    }

    private static Set<String> declaredTokens(String instructions, String userText) {
        Set<String> tokens = new LinkedHashSet<>();
        for (String line : userText.split("\n")) {
            if (!BEGIN.matcher(line).find()) {
                continue;
            }
            Matcher m = TOKEN.matcher(line);
            while (m.find()) {
                if (instructions.contains(m.group())) {
                    tokens.add(m.group());
                }
            }
        }
        return tokens;
    }

    private static String tokenIn(String line, Set<String> tokens) {
        for (String token : tokens) {
            if (line.contains(token)) {
                return token;
            }
        }
        return null;
    }

    private static String labelAfter(String line, String token) {
        String rest = line.substring(line.indexOf(token) + token.length());
        return rest.replaceAll("[<>\\[\\]{}|=*#-]", " ").strip();
    }
}
