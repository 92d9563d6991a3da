#!/usr/bin/env bash
# Renders every page of the example quotes and application forms to PNG (pdftoppm), so that a
# person can look at them as a customer would: out/look/<name>-<page>.png
set -euo pipefail
cd "$(dirname "$0")/.."
py=${PYTHON:-.venv/bin/python}
out=out/look
rm -rf "$out" && mkdir -p "$out"
export IIJ_CONFIGURATOR_DATA="$out/data"
for ex in vpn auth mixed; do
  "$py" -m configurator quote "resources/examples/$ex.iij-order.json" -o "$out/quote-$ex.pdf" --date 2026-11-22 --number "Q-2026-000123-R2"
  "$py" -m configurator form "resources/examples/$ex.iij-order.json" -o "$out/form-$ex.pdf" --date 2026-11-22 --number "Q-2026-000123-R2"
done
"$py" -m configurator quote resources/examples/invalid/rule-errors.iij-order.json -o "$out/quote-draft.pdf" --draft --wareki --date 2026-11-22
PYTHONPATH=. "$py" - <<'PY'
import datetime, sys
from configurator.documents.common import DocOptions
from configurator.documents.form import build_form
from tests.benchmarks.orders import big_order
data = build_form(big_order(1000, every_option=True), DocOptions(datetime.date(2026, 11, 22), number="Q-2026-000999-R1"))
open("out/look/form-1000.pdf", "wb").write(data)
PY
for pdf in "$out"/*.pdf; do
  name=$(basename "$pdf" .pdf)
  last=$([ "$name" = form-1000 ] && echo 3 || echo 99)
  pdftoppm -r 80 -png -l "$last" "$pdf" "$out/$name"
done
ls "$out"/*.png | wc -l
