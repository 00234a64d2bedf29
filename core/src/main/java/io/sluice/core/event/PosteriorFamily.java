package io.sluice.core.event;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The conjugate family of an arm's posterior: Beta for rewards in [0,1], Normal-Gamma otherwise. */
public enum PosteriorFamily {
    @JsonProperty("beta") BETA,
    @JsonProperty("normal") NORMAL
}
