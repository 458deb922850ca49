# acss 0.3-2's normalize_string(), count_class() and alternations().

normalize_string <- function(string) {
  check_string(string)
  rows <- score_rows(string, character(), "pattern")
  pattern <- rows$pattern
  failed <- !nzchar(pattern)
  pattern[failed] <- NA_character_
  if (any(failed & !is.na(string))) {
    warning(sprintf("normalize_string is NA for %d string(s): %s", sum(failed & !is.na(string)),
                    paste(unique(rows$error[failed & !is.na(string)]), collapse = "; ")), call. = FALSE)
  }
  pattern
}

# The number of strings over `alphabet` symbols with the same pattern: the k distinct symbols
# of the pattern can be any k of the alphabet, in order: alphabet! / (alphabet - k)!.
count_class <- function(string, alphabet) {
  pattern <- normalize_string(string)
  k <- vapply(strsplit(pattern, ""), function(x) length(unique(x)), 0)
  k[is.na(pattern)] <- NA
  if (any(k > alphabet, na.rm = TRUE)) {
    stop("alphabet needs to be larger as the number of elements in each string.", call. = FALSE)
  }
  factorial(alphabet) / factorial(alphabet - k)
}

alternations <- function(string, proportion = FALSE) {
  string_measure(string, if (isTRUE(proportion)) "alternation_rate" else "alternations")
}
