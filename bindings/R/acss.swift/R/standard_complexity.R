# acss 0.3-2's entropy(), entropy2() and change_complexity(): the columns of `acss score`
# (one run for all strings; the alphabet is inferred, it does not enter these measures).

string_measure <- function(string, column, extra = character()) {
  check_string(string)
  rows <- score_rows(string, extra, column)
  value <- as_number(rows[[column]])
  failed <- nzchar(rows$error) & is.na(value)
  if (any(failed)) {
    warning(sprintf("%s is NA for %d string(s): %s", column, sum(failed),
                    paste(unique(rows$error[failed]), collapse = "; ")), call. = FALSE)
  }
  value
}

entropy <- function(string) {
  string_measure(string, "entropy")
}

entropy2 <- function(string) {
  check_string(string)
  if (any(nchar(string) < 2, na.rm = TRUE)) stop("length of strings need to be > 1.", call. = FALSE)
  string_measure(string, "entropy2")
}

change_complexity <- function(string) {
  check_string(string)
  if (any(nchar(string) < 3, na.rm = TRUE)) stop("length of strings need to be > 2.", call. = FALSE)
  string_measure(string, "change_complexity", c("--change-complexity", "acss"))
}
