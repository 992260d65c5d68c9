#!/usr/bin/env bash
# The headline temperature study: SAC, SAC-AdaEnt and PPO trained on the deep twin of the paper's toy
# task (examples/toy.json with the toy's own action window, examples/toy-layout.json) at many
# temperatures and seeds, set beside the certified curve α ↦ π_α(left | s0), the certified critical
# temperature α* ≈ 0.8686 and the best policy of SAC's own class (tanh-squashed Gaussians).
#
#   examples/temperature-study.sh [OUT_DIR]          default OUT_DIR: runs/temperature-study
#
# Settings (environment variables): ALPHAS (default 0.1,0.3,0.5,0.7,0.8,0.9,1,1.5,2,4,8: both sides
# of α* and the dip near α = 4), SEEDS (default 5), STEPS (env steps of every run, default 20000),
# ADAENT_SAMPLES (SAC-AdaEnt's N, default 20), ALGOS (default sac,sac-adaent,ppo), JOBS (training
# processes at a time, default: the number of cores), MAXENT (a maxent binary to use instead of
# building one in release mode).
# The study is resumable: rerun the script to continue a stopped study (finished runs are kept).
# Writes OUT_DIR/summary.csv and OUT_DIR/report.html.
set -euo pipefail

cd "$(dirname "$0")/.."
out=${1:-runs/temperature-study}
alphas=${ALPHAS:-0.1,0.3,0.5,0.7,0.8,0.9,1,1.5,2,4,8}
seeds=${SEEDS:-5}
steps=${STEPS:-20000}
adaent_samples=${ADAENT_SAMPLES:-20}
algos=${ALGOS:-sac,sac-adaent,ppo}
jobs=${JOBS:-$(nproc)}

source examples/release-maxent.sh

start=$SECONDS
adaent=()
[[ $algos == *sac-adaent* ]] && adaent=(--entropy-n-sample "$adaent_samples")
"$maxent" study temperature --mdp examples/toy.json --layout examples/toy-layout.json --state s0 \
    --alphas "$alphas" --algos "$algos" --seeds "$seeds" --steps "$steps" "${adaent[@]}" --jobs "$jobs" --out "$out"
echo "temperature study done in $(( SECONDS - start )) s: $out/report.html"
