# Every column of `acss score` as a data frame: the project's extras (z against all random
# strings of the length, percentile, the standard error of K, BDM for longer strings).

acss_score <- function(string, alphabet = NULL, prior = 0.5, table = NULL, strict = FALSE,
                       change_complexity = c("ag", "acss"), force_z = FALSE) {
  check_string(string)
  change_complexity <- match.arg(change_complexity)
  args <- c("--change-complexity", change_complexity)
  if (!is.null(alphabet)) args <- c(args, ctm_args(check_alphabet(alphabet)))
  if (!isTRUE(all.equal(prior, 0.5))) {
    if (!is.numeric(prior) || length(prior) != 1L || is.na(prior) || prior <= 0 || prior >= 1) {
      stop("prior must be a number strictly between 0 and 1", call. = FALSE)
    }
    args <- c(args, "--prior", format(prior, digits = 17))
  }
  if (!is.null(table)) args <- c(args, "--table", table)
  if (isTRUE(strict)) args <- c(args, "--strict")
  if (isTRUE(force_z)) args <- c(args, "--force-z")
  rows <- score_rows(string, args)
  text <- c("string", "pattern", "method", "table", "alphabet_source", "note", "error")
  for (column in setdiff(names(rows), text)) rows[[column]] <- as_number(rows[[column]])
  for (column in intersect(c("alphabet", "length", "alternations"), names(rows))) {
    rows[[column]] <- as.integer(rows[[column]])
  }
  rows$string <- string
  rownames(rows) <- NULL
  rows
}
