#!/usr/bin/env bash
# Set up workbench from nothing: a virtual environment in .venv, PyTorch (the
# CPU build where there is no NVIDIA GPU: an unpinned torch pulls gigabytes of
# CUDA packages), then the package itself.
#   bash scripts/setup.sh          # the tool, the sentence-embedding model, CTranslate2
#   bash scripts/setup.sh --test   # ... and the test tools
# PYTHON=python3.11 picks the interpreter.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
VENV=.venv
TORCH_VERSION=${TORCH_VERSION:-2.13.0}
extras="embeddings,fast"
# --test adds ray too: CI runs the Ray engine's tests (a local Ray instance).
[[ "${1:-}" == "--test" ]] && extras="embeddings,fast,ray,test"

if [[ ! -x "$VENV/bin/python" ]]; then
  echo "setup: creating $VENV with $($PYTHON --version 2>&1)"
  "$PYTHON" -m venv "$VENV"
fi
pip=("$VENV/bin/python" -m pip install --quiet --disable-pip-version-check)

if ! "$VENV/bin/python" -c "import torch" 2>/dev/null; then
  if command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L >/dev/null 2>&1; then
    echo "setup: NVIDIA GPU found: installing torch $TORCH_VERSION with CUDA"
    "${pip[@]}" "torch==$TORCH_VERSION"
  else
    echo "setup: no GPU: installing the CPU build of torch $TORCH_VERSION"
    # PyTorch's CPU index; a local wheel folder in pip's find-links also satisfies it.
    "${pip[@]}" "torch==$TORCH_VERSION" --index-url https://download.pytorch.org/whl/cpu \
      2> >(grep -v -e "Retrying" -e "Location .* is ignored" >&2)
  fi
fi

echo "setup: installing workbench[$extras]"
"${pip[@]}" -e ".[$extras]" 2> >(grep -v -e "Location .* is ignored" >&2)
echo "setup: done. Run: $VENV/bin/workbench --help"
