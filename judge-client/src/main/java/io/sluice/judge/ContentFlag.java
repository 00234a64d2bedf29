package io.sluice.judge;

/** Something the judge-client noticed about the content under judgement. */
public enum ContentFlag {
    /**
     * The answer speaks to the judge: it tells it to ignore its instructions, demands a grade,
     * addresses "the evaluator", forges a boundary or pre-fills the judge's reply. The passages
     * that did so were removed before grading.
     */
    ADDRESSES_JUDGE("addresses_judge");

    private final String wireName;

    ContentFlag(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
