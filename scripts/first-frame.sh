#!/usr/bin/env bash
# Time to first frame, in a real terminal (tmux), for the reader and for
# `less` showing one article: the time from starting the command until the
# pane shows the expected text, polled every 2 ms. Run from the repository:
#   scripts/first-frame.sh [BIG_DOSSIER_DIR]
# A big dossier comes from: cargo run --release --example gen -- OUT_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/dossier
runs=${RUNS:-10}

# Milliseconds from launching $2 in a fresh 120x40 tmux pane until the pane contains $1.
first_frame() {
    local needle=$1 cmd=$2 s=ff-$$
    local start now
    start=$(date +%s%N)
    tmux new-session -d -s "$s" -x 120 -y 40 "$cmd"
    while [[ "$(tmux capture-pane -p -t "$s" 2>/dev/null)" != *"$needle"* ]]; do
        now=$(date +%s%N)
        if (( (now - start) > 10000000000 )); then echo "timeout" >&2; break; fi
        sleep 0.002
    done
    now=$(date +%s%N)
    tmux kill-session -t "$s" 2>/dev/null || true
    echo $(( (now - start) / 1000000 ))
}

report() {
    local label=$1 needle=$2 cmd=$3 t=()
    for _ in $(seq "$runs"); do t+=("$(first_frame "$needle" "$cmd")"); done
    printf '%-34s ms: %s\n' "$label" "$(printf '%s\n' "${t[@]}" | sort -n | tr '\n' ' ')"
}

# A control: process start and tmux alone, no frame drawn.
report "dossier --version (no frame)" "dossier 0." "$bin --version; sleep 5"
report "less, one bundled article" "Will AI Protections" "less content/articles/variety-ai-protections-deal.txt"
report "dossier, bundled dossier" "Timeline ·" "$bin"
if [ $# -ge 1 ]; then
    report "dossier, $1" "Timeline ·" "$bin --content $1"
fi
