#!/bin/sh
# Submits the four jobs of the learning path to the Flink cluster, detached, and exits; the
# JobManager keeps them running and restarts them from their checkpoints. Each job's arguments are
# documented on its main method (BanditLoopJob, OnlineJudgeJob, AgreementJob, GuardrailsJob).
#   SLUICE_BOOTSTRAP        Kafka bootstrap servers
#   SLUICE_TOPIC_PREFIX     topic prefix (default sluice.)
#   SLUICE_PARALLELISM      parallelism of each job (default 2)
#   SLUICE_JUDGE_BASE_URL   the OpenAI-compatible endpoint the online judge calls
#   SLUICE_JUDGE_KEY_ENV    the variable holding its key on the TaskManagers (default OPENAI_API_KEY)
set -eu
: "${SLUICE_BOOTSTRAP:?set SLUICE_BOOTSTRAP to the Kafka bootstrap servers}"
: "${SLUICE_JUDGE_BASE_URL:?set SLUICE_JUDGE_BASE_URL to the judge endpoint, e.g. https://api.openai.com/v1}"
prefix="${SLUICE_TOPIC_PREFIX:-sluice.}"
parallelism="${SLUICE_PARALLELISM:-2}"
jar=/opt/flink/usrlib/sluice-flink-jobs.jar
jobmanager="${FLINK_JOBMANAGER:-flink-jobmanager:8081}"
running="$(/opt/flink/bin/flink list --running --jobmanager "$jobmanager" 2>/dev/null || true)"
# A job already running under its name is left alone, so that a restarted container submits none twice.
run() {
  main_class="$1"
  job_name="$2"
  shift 2
  if printf '%s\n' "$running" | grep -q ": $job_name (RUNNING)"; then
    echo "$job_name is already running"
    return
  fi
  echo "submitting $job_name ($main_class)"
  /opt/flink/bin/flink run --detached --jobmanager "$jobmanager" -c "$main_class" "$jar" \
    --bootstrap "$SLUICE_BOOTSTRAP" --topic-prefix "$prefix" --parallelism "$parallelism" "$@"
}
run io.sluice.flink.bandit.BanditLoopJob sluice-bandit-loop
run io.sluice.flink.judge.OnlineJudgeJob sluice-online-judge --judge.base-url "$SLUICE_JUDGE_BASE_URL" \
  --judge.api-key-env "${SLUICE_JUDGE_KEY_ENV:-OPENAI_API_KEY}"
run io.sluice.flink.agreement.AgreementJob sluice-agreement
run io.sluice.flink.guardrails.GuardrailsJob sluice-guardrails
