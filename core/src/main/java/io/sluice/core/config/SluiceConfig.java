package io.sluice.core.config;

import io.sluice.core.experiment.ExperimentSpec;
import java.util.List;
import java.util.Optional;

/** Everything one Sluice deployment is configured with: one YAML file, documented in the README. */
public record SluiceConfig(RouterSettings router, KafkaSettings kafka, JobSettings jobs,
        List<ExperimentSpec> experiments) {
    public SluiceConfig {
        experiments = List.copyOf(experiments);
    }

    public Optional<ExperimentSpec> experiment(String name) {
        return experiments.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    public SluiceConfig withRouter(RouterSettings newRouter) {
        return new SluiceConfig(newRouter, kafka, jobs, experiments);
    }

    public SluiceConfig withJobs(JobSettings newJobs) {
        return new SluiceConfig(router, kafka, newJobs, experiments);
    }

    public SluiceConfig withKafka(KafkaSettings newKafka) {
        return new SluiceConfig(router, newKafka, jobs, experiments);
    }
}
