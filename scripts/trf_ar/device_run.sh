#!/bin/bash
# One device run: pretrain two encoders side by side on the GPU, then
# fine-tune each on ANERcorp (held-out tenth of train at two learning rates,
# and on all of train scored on test). Needs .trf/ from prepare.py.
# Usage: bash scripts/trf_ar/device_run.sh SECONDS OUTDIR
set -u
secs=${1:-270}; out=${2:-.trf/run}; logs=$(mktemp -d); mkdir -p "$out"
export PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name,memory.used --format=csv,noheader
T=scripts/trf_ar/train.py
python3 $T pretrain --layers 4 --dim 256 --heads 4 --ffn 1024 --seconds "$secs" --out "$out/enc4.npz" >"$logs/pre4.log" 2>&1 &
python3 $T pretrain --layers 6 --dim 256 --heads 4 --ffn 1024 --seconds "$secs" --out "$out/enc6.npz" >"$logs/pre6.log" 2>&1 &
wait
cat "$logs"/pre*.log > "$out/pretrain.log"; tail -n 4 "$logs"/pre*.log
for L in 4 6; do
  [ -f "$out/enc$L.npz" ] || continue
  for lr in 1e-4 3e-4; do
    python3 $T finetune --encoder "$out/enc$L.npz" --heldout --epochs 10 --lr $lr --tag "L$L-lr$lr-heldout" >"$logs/ft$L-$lr-h.log" 2>&1 &
  done
  python3 $T finetune --encoder "$out/enc$L.npz" --epochs 10 --lr 3e-4 --tag "L$L-lr3e-4-test" --out "$out/tag$L.npz" >"$logs/ft$L-test.log" 2>&1 &
done
wait
cat "$logs"/ft*.log > "$out/finetune.log"
cat "$out/finetune.log"
