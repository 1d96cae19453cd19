#!/usr/bin/env bash
# Regenerates proto/src/gen from proto/schema with buf + ts-proto (both pinned in package.json).
# The generated code is checked in; `npm run proto:gen && git diff --exit-code` shows it is current.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf src/gen
../node_modules/.bin/buf lint
../node_modules/.bin/buf generate
