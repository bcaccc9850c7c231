#!/usr/bin/env bash
# Generates breathctl's and breathd's man pages and breathctl's shell completions into OUTDIR,
# laid out for an install step to copy under a prefix (e.g. /usr/local/share):
#   OUTDIR/man/man1/*.1                              one page per command and subcommand
#   OUTDIR/bash-completion/completions/breathctl
#   OUTDIR/zsh/site-functions/_breathctl
#   OUTDIR/fish/vendor_completions.d/breathctl.fish
#
#   Scripts/generate-manuals.sh OUTDIR
#
# The man pages come from swift-argument-parser's GenerateManual plugin (`swift package plugin
# generate-manual`), which works offline; it builds the package in release mode first (about
# 2.5 minutes on 2 cores from clean). The completions come from the built breathctl's
# --generate-completion-script.
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 OUTDIR" >&2; exit 64; }
out="$1"
cd "$(dirname "$0")/.."

swift package plugin generate-manual --multi-page >&2
generated=.build/plugins/GenerateManual/outputs
mkdir -p "$out/man/man1" "$out/bash-completion/completions" "$out/zsh/site-functions" "$out/fish/vendor_completions.d"
cp "$generated"/breathctl/*.1 "$generated"/breathd/*.1 "$out/man/man1/"

swift build -c release --product breathctl >&2
breathctl="$(swift build -c release --show-bin-path)/breathctl"
"$breathctl" --generate-completion-script bash > "$out/bash-completion/completions/breathctl"
"$breathctl" --generate-completion-script zsh > "$out/zsh/site-functions/_breathctl"
"$breathctl" --generate-completion-script fish > "$out/fish/vendor_completions.d/breathctl.fish"
echo "$(ls "$out/man/man1" | wc -l) man pages and 3 completion scripts in $out"
