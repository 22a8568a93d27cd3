#!/usr/bin/env bash
# Builds Safeguard's front-end assets into safeguard/static/govuk/.
# The outputs are committed, so Python-only machines (and CI) never need Node;
# rerun this after changing frontend/src/ or the pinned govuk-frontend version.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../safeguard/static/govuk"
govuk="$here/node_modules/govuk-frontend/dist/govuk"

cd "$here"
# --ignore-scripts: sass's optional file watcher wants a native build we never use.
npm ci --no-audit --no-fund --ignore-scripts

mkdir -p "$out"
npx --no-install sass --no-source-map --style=compressed --load-path=node_modules \
  src/safeguard.scss "$out/safeguard.min.css"

# govuk-frontend.min.js is an ES module exporting initAll; init.js imports it.
# Its source map isn't shipped, so drop the comment that points at it.
sed 's|//# sourceMappingURL=[^ ]*$||' "$govuk/govuk-frontend.min.js" >"$out/govuk-frontend.min.js"

# No files from govuk-frontend's assets/ are copied: with Arial we need no
# fonts, and its images (favicons, crest, app icons) carry the crown, which is
# licensed for GOV.UK only. Our own neutral favicon.svg lives in $out.

echo "Built $(du -h "$out/safeguard.min.css" | cut -f1) safeguard.min.css into $out"
