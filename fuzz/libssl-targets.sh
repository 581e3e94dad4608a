#!/usr/bin/env bash
# Prints the fuzz targets that need the `libssl` feature, one a line: those
# whose [[bin]] in Cargo.toml has `required-features` (ci.sh and campaign.sh
# pass `--features libssl` to exactly these).
set -euo pipefail
cd "$(dirname "$0")"
awk '
    /^\[/ { if (name != "" && req) print name; name = ""; req = 0 }
    /^name *=/ { name = $3; gsub(/"/, "", name) }
    /^required-features *=/ { req = 1 }
    END { if (name != "" && req) print name }
' Cargo.toml
