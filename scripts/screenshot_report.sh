#!/usr/bin/env bash
# Render a `grade --format html` report in headless Chromium and save a screenshot, to look at
# the page as a browser draws it (not run by `make test`: it needs Debian's chromium).
#   scripts/screenshot_report.sh [CLASS_FOLDER_OR_ZIP] [OUT.png]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
class="${1:-$here/tests/data/grade/class}"
png="${2:-$PWD/report.png}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$here/.venv/bin/backprop-tutor" --packs "$here/tests/data/packs" grade "$class" \
    --format html --output "$work/report.html" || [ $? -eq 1 ]
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1200,1600 \
    --screenshot="$png" "file://$work/report.html"
echo "screenshot: $png"
