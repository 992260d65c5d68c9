#!/usr/bin/env bash
# The toy study: PPO, SAC and SAC-AdaEnt trained on the paper's toy task (a few seeds each, CPU
# settings), then one HTML report that sets their learning curves beside the exact tabular answer
# (the certified MaxEnt-optimal probability of going left at s0, the certified critical α*, the
# exact Q-landscapes and the bifurcation extension).
#
#   examples/toy-study.sh [OUT_DIR]          default OUT_DIR: runs/toy-study
#
# Settings (environment variables): SEEDS (default "1 2 3"), STEPS (env steps of every SAC and
# SAC-AdaEnt run, default 50000), PPO_EPOCHS (default 25: 25 × 2048 = 51200 steps, about the same
# budget; the reference trains 100 epochs),
# ADAENT_SAMPLES (SAC-AdaEnt's actions per state in the similarity test, default 20 instead of the
# reference's 100, as in the CPU preset of the other environments), JOBS (runs at a time, default 2),
# MAXENT (a maxent binary to use instead of building one in release mode).
# Takes about 6 minutes on two free cores. Runs whose directory already has a progress log are
# kept (delete OUT_DIR to train again). Writes OUT_DIR/report.html and, when Chromium is installed,
# checks that it renders and writes OUT_DIR/report.png.
set -euo pipefail

cd "$(dirname "$0")/.."
out=${1:-runs/toy-study}
seeds=${SEEDS:-"1 2 3"}
steps=${STEPS:-50000}
ppo_epochs=${PPO_EPOCHS:-25}
adaent_samples=${ADAENT_SAMPLES:-20}
jobs=${JOBS:-2}

source examples/release-maxent.sh
mkdir -p "$out"

train() {
    local algorithm=$1 seed=$2
    local directory="$out/toy-$algorithm-seed$seed"
    if [[ -f "$directory/progress.csv" ]]; then
        echo "keeping $directory"
        return
    fi
    rm -rf "$directory"
    local settings=(--steps "$steps")
    case $algorithm in
        ppo) settings=(--epochs "$ppo_epochs") ;;
        sac-adaent) settings+=(--entropy-n-sample "$adaent_samples") ;;
        sac) settings+=(--analysis-plain-critics) ;;
    esac
    "$maxent" train --env toy --algo "$algorithm" --preset cpu --seed "$seed" "${settings[@]}" \
        --out "$directory" --quiet
    echo "trained $directory"
}

start=$SECONDS
export -f train
export out steps ppo_epochs adaent_samples maxent
# The slowest runs first, so that the last ones to finish are short; xargs fails if any run fails.
for algorithm in sac-adaent sac ppo; do
    for seed in $seeds; do echo "$algorithm $seed"; done
done | xargs -P "$jobs" -n 2 bash -c 'set -euo pipefail; train "$@"' train
echo "training took $(( SECONDS - start )) s"

"$maxent" critical-alpha examples/toy.json --state s0 --range 1/100,100 | tee "$out/critical-alpha.txt"
"$maxent" report "$out" --mdp examples/toy.json --out "$out/report.html"

if command -v chromium > /dev/null; then
    python3 examples/check-report-rendering.py "$out/report.html" --screenshot "$out/report.png"
else
    echo "Chromium is not installed (apt-get install -y chromium): rendering not checked"
fi
echo "toy study done in $(( SECONDS - start )) s: $out/report.html"
