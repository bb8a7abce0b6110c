#!/usr/bin/env bash
# Extra CI set-up, run by .ci/run before `npm test`: Debian's Chromium for the sandbox page's browser
# tests (test/sandbox). Those tests fail, never skip, when /usr/bin/chromium is missing.
set -euo pipefail
if [ ! -x /usr/bin/chromium ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
/usr/bin/chromium --version
