#!/usr/bin/env bash
# The CPU-preset study: every continuous task of the paper trained with `--preset cpu`, two runs at a
# time with one worker each (so every run shares the machine, the slow case of the preset's
# half-hour budget), then a table of wall time and test returns per run.
#
#   examples/cpu-preset-study.sh [OUT_DIR]          default OUT_DIR: runs/cpu-study
#
# Settings (environment variables): RUNS (a list of "env:algo" pairs, default below; the algorithm
# follows the last colon, so "gym:HalfCheetah-v5:sac" trains SAC on Gymnasium's HalfCheetah), SEED (default:
# each preset's own seed), JOBS (runs at a time, default 2), WORKERS (threads of each run, default
# 1), REFERENCE_CURVES (a CSV of published curves for the report, see `maxent report --help`),
# MAXENT (a maxent binary to use instead of building one in release mode).
# Took 78 minutes on this 2-core machine. Runs whose directory already has a finished
# progress log are kept (delete OUT_DIR to train again); OUT_DIR/summary.txt is the table.
set -euo pipefail

cd "$(dirname "$0")/.."
out=${1:-runs/cpu-study}
# The slowest first, so that the last runs to finish are short.
runs=${RUNS:-"quadrotor:sac-adaent quadrotor:sac vehicle:sac acrobot:sac quadrotor-simplified:sac
    quadrotor:ppo vehicle:ppo acrobot:ppo obstacle2d:sac obstacle2d:ppo"}
jobs=${JOBS:-2}
workers=${WORKERS:-1}
seed=${SEED:-}

source examples/release-maxent.sh
mkdir -p "$out"

train() {
    local environment=${1%:*} algorithm=${1##*:}
    local directory="$out/${environment//:/_}-$algorithm"
    if [[ -f "$directory/policy.bin" && -f "$directory/finished" ]]; then
        echo "keeping $directory"
        return
    fi
    rm -rf "$directory"
    local settings=(--preset cpu --workers "$workers")
    [[ -n $seed ]] && settings+=(--seed "$seed")
    "$maxent" train --env "$environment" --algo "$algorithm" "${settings[@]}" --out "$directory" --quiet
    touch "$directory/finished"
    echo "trained $directory"
}

start=$SECONDS
export -f train
export out workers seed maxent
for run in $runs; do echo "$run"; done | xargs -P "$jobs" -n 1 bash -c 'set -euo pipefail; train "$1"' train
echo "training took $(( SECONDS - start )) s"

# One line per run: its wall time (the sum over timing.csv's epochs, warm-up and tests included)
# and test returns (progress.csv: epoch 0 is the
# untrained policy; "final" is the last epoch, "best" the best epoch, which policy.bin holds).
{
    printf '%-22s %-11s %9s %9s %11s %11s %11s\n' env algo steps "wall s" "untrained" best final
    for run in $runs; do
        environment=${run%:*}
        directory="$out/${environment//:/_}-${run##*:}"
        awk -F, -v env="$environment" -v algo="${run##*:}" -v timing="$directory/timing.csv" '
            NR == 1 { for (i = 1; i <= NF; i++) column[$i] = i; next }
            { reward = $column["test/reward"]; steps = $column["env_step"]
              if (NR == 2) { untrained = reward; best = reward }
              if (reward + 0 > best + 0) best = reward
              final = reward }
            END {
              while ((getline line < timing) > 0) { split(line, field, ","); if (field[1] != "epoch") wall += field[2] }
              printf "%-22s %-11s %9d %9.0f %11.1f %11.1f %11.1f\n", env, algo, steps, wall, untrained, best, final
            }' "$directory/progress.csv"
    done
} | tee "$out/summary.txt"

# Learning curves of every run (and their critics over the action space) on one page.
references=()
[[ -n ${REFERENCE_CURVES:-} ]] && references=(--reference-curves "$REFERENCE_CURVES")
"$maxent" report "$out" "${references[@]}" --out "$out/report.html"
echo "report: $out/report.html"
