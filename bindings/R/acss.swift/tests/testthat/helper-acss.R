# The tests need the acss program: ACSS_BINARY (scripts/check-r.sh sets it to the release
# binary), options(acss.swift.binary) or PATH.
skip_without_acss <- function() {
  found <- tryCatch(nzchar(acss_binary()), error = function(e) FALSE)
  if (!found) skip("the acss program is not available (set ACSS_BINARY)")
}

# Multi-symbol values: this project's tables are a new sampling of the (4,m) machines and
# ACSS's were another, so a value published by acss 0.3-2 is expected within the two samplings'
# errors: z = 4 standard errors of the difference, sqrt(se^2 + se_acss^2), plus the last printed
# digit. se is this table's K_se (acss_score); se_acss the SE a uniform sample of ACSS's N
# machines gives a pattern (docs/sampled-tables.md, "Precision"):
#   1 / (ln 2 * sqrt(N * halting share * class * 2^-K)),
# with ACSS's N from docs/formalism.md §4, the halting share of the (4,m) machines from
# `acss table info` of the shipped table, class = m!/(m-k)! strings of the pattern (k distinct
# symbols).
acss_samples <- c(`4` = 3.34e11, `5` = 2.14e11, `6` = 1.8e11, `9` = 2e11)
halting_share <- c(`4` = 0.324784, `5` = 0.342737, `6` = 0.356994, `9` = 0.385426)

expect_published <- function(strings, alphabet, published, printed_digits = 5, z = 4, mean_of = FALSE) {
  scored <- acss_score(strings, alphabet = alphabet)
  m <- as.character(alphabet)
  k <- vapply(strsplit(strings, ""), function(x) length(unique(x)), 0)
  class <- factorial(alphabet) / factorial(alphabet - k)
  se_acss <- 1 / (log(2) * sqrt(acss_samples[[m]] * halting_share[[m]] * class * 2^-scored$K))
  variance <- scored$K_se^2 + se_acss^2
  if (mean_of) {
    # the published figure is the mean of the K: the SE of a mean of independent estimates
    tolerance <- z * sqrt(sum(variance)) / length(strings) + 10^-printed_digits
    ok <- abs(mean(scored$K) - published) <= tolerance
    expect(ok, sprintf("mean K.%s = %s differs from the published %s by more than %s", m,
                       format(mean(scored$K), digits = 10), published, format(tolerance, digits = 3)))
    return(invisible(scored$K))
  }
  tolerance <- z * sqrt(variance) + 10^-printed_digits
  ok <- abs(scored$K - published) <= tolerance
  expect(all(ok), sprintf("K.%s of %s: %s differ from the published %s by more than %s", m,
                          paste(strings, collapse = ", "),
                          paste(format(scored$K, digits = 10), collapse = ", "),
                          paste(published, collapse = ", "),
                          paste(format(tolerance, digits = 3), collapse = ", ")))
  invisible(scored$K)
}
