#!/usr/bin/env bash
# Benchmark of the R package bindings/R/acss.swift (results: docs/benchmarks.md, "## The R and
# Python packages"): 1,000,000 strings of length 8 to 12 over {H,T} (R's RNG, set.seed(1))
# through acss(), likelihood_d(), prob_random() and acss_score() with alphabet 2; each is one
# run of the acss program on the whole batch plus R writing the strings and reading the TSV
# back as character. Needs R (scripts/check-r.sh installs it); installs the package into a
# temporary library. Wall seconds, best of --runs.
#
#   scripts/bench-r.sh [--scratch-path DIR] [--acss PATH] [--strings N] [--runs N]
source "$(dirname "$0")/lib/bench.sh"
options "$0 [--scratch-path DIR] [--acss PATH] [--strings N] [--runs N]" \
    scratch-path=scratch:.build acss=acss: strings=strings:1000000 runs=runs:3 -- "$@"
command -v Rscript > /dev/null || { echo "bench-r: R is not installed (scripts/check-r.sh installs it)" >&2; exit 77; }
given_or_release_build "$scratch"
mkdir -p "$work/lib"
R CMD INSTALL --library="$work/lib" bindings/R/acss.swift > "$work/install.log" 2>&1 || { cat "$work/install.log"; exit 1; }
ACSS_BINARY="$acss" R_LIBS="$work/lib" Rscript - "$strings" "$runs" <<'RSCRIPT'
args <- commandArgs(trailingOnly = TRUE)
n <- as.integer(args[1]); runs <- as.integer(args[2])
suppressPackageStartupMessages(library(acss.swift))
set.seed(1)
lengths <- sample(8:12, n, replace = TRUE)
x <- vapply(lengths, function(l) paste(sample(c("H", "T"), l, replace = TRUE), collapse = ""), "")
best <- function(label, f) {
  t <- vapply(seq_len(runs), function(i) { gc(); system.time(f())[["elapsed"]] }, 0)
  cat(sprintf("%-42s %7.2f s (best of %d; runs: %s)\n", label, min(t), runs, paste(sprintf("%.2f", t), collapse = ", ")))
}
cat(sprintf("%d strings of length 8-12 over {H,T}; R %s; acss: %s\n", n, getRversion(), acss_binary()))
input <- tempfile(); writeLines(x, input)
best("the acss program alone (TSV to /dev/null)", function()
  system2(acss_binary(), c("score", "--alphabet", "2", "--format", "tsv", "--quiet", "--input", input), stdout = FALSE))
best("acss(x, alphabet = 2)", function() acss(x, alphabet = 2))
best("likelihood_d(x, alphabet = 2)", function() likelihood_d(x, alphabet = 2))
best("prob_random(x, alphabet = 2)", function() prob_random(x, alphabet = 2))
best("acss_score(x, alphabet = 2) (all columns)", function() acss_score(x, alphabet = 2))
r <- acss(x[1:5], alphabet = 2); print(r)
RSCRIPT
