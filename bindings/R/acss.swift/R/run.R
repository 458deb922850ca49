# How the package talks to the acss program: every function call is ONE run of the program
# on one batch (the strings go through a temporary file, one per line; the answer comes back
# as TSV and is read with every column as character, so that "0010" stays "0010"). Nothing
# here computes a measure: the numbers are the program's.

#' The acss program the package runs
#'
#' @return the path of the program.
#' @export
acss_binary <- function() {
  candidates <- c(
    option = getOption("acss.swift.binary", ""),
    environment = Sys.getenv("ACSS_BINARY", ""),
    path = unname(Sys.which("acss"))
  )
  for (where in names(candidates)) {
    path <- candidates[[where]]
    if (is.null(path) || !nzchar(path)) next
    if (!file.exists(path)) {
      stop(sprintf("acss.swift: the acss program given by %s ('%s') does not exist",
                   c(option = "options(acss.swift.binary)", environment = "ACSS_BINARY",
                     path = "PATH")[[where]], path), call. = FALSE)
    }
    return(normalizePath(path))
  }
  stop("acss.swift: the acss program was not found. Set options(acss.swift.binary = \"/path/to/acss\"), ",
       "the environment variable ACSS_BINARY, or put acss on PATH ",
       "(the release bundle acss-<version>-linux-<arch>.tar.gz has it in bin/).", call. = FALSE)
}

# Runs `acss COMMAND ARGS --format tsv --quiet --input FILE` on `strings` (a character vector
# without NA) and returns the rows as a data frame of character columns (only `columns` when
# given). With `one_row_each` (the default) the answer must have exactly one row per string,
# in order (checked; `acss bdm --blocks` has several). Exit status 1 (some rows failed)
# is normal: those rows carry their message in the `error` column.
run_acss <- function(command, args, strings, one_row_each = TRUE, columns = NULL) {
  input <- tempfile("acss-in-")
  output <- tempfile("acss-out-")
  errors <- tempfile("acss-err-")
  on.exit(unlink(c(input, output, errors)), add = TRUE)
  con <- file(input, open = "wb")
  writeLines(enc2utf8(strings), con, sep = "\n", useBytes = TRUE)
  close(con)
  status <- suppressWarnings(system2(acss_binary(),
                                     c(command, args, "--format", "tsv", "--quiet", "--input", shQuote(input)),
                                     stdout = output, stderr = errors))
  if (!isTRUE(status %in% c(0L, 1L))) {
    message <- if (file.exists(errors)) paste(readLines(errors, warn = FALSE), collapse = "\n") else ""
    stop(sprintf("acss.swift: `acss %s` failed (exit status %s)%s", command, status,
                 if (nzchar(message)) paste0(":\n", message) else ""), call. = FALSE)
  }
  # Only the columns asked for are read (the others are skipped by read.delim: "NULL").
  colClasses <- "character"
  if (!is.null(columns)) {
    header <- strsplit(readLines(output, n = 1L, warn = FALSE, encoding = "UTF-8"), "\t", fixed = TRUE)[[1]]
    colClasses <- ifelse(header %in% columns, "character", "NULL")
  }
  rows <- read.delim(output, colClasses = colClasses, quote = "", na.strings = character(),
                     comment.char = "", encoding = "UTF-8", check.names = FALSE,
                     stringsAsFactors = FALSE)
  if (one_row_each && nrow(rows) != length(strings)) {
    stop(sprintf("acss.swift: `acss %s` answered %d rows for %d strings", command, nrow(rows),
                 length(strings)), call. = FALSE)
  }
  rows
}

# The numbers of a character column: "" (an empty cell) is NA.
as_number <- function(x) {
  x[!nzchar(x)] <- NA_character_
  as.numeric(x)
}

# acss's check: the input must be a character vector.
check_string <- function(string) {
  if (!is.character(string)) stop("string must be a character vector", call. = FALSE)
  if (length(string) == 0L) stop("string must contain at least one string", call. = FALSE)
}

# The strings the program can take: not NA, not empty, no line break (NA out for the others).
sendable <- function(string) !is.na(string) & nzchar(string) & !grepl("[\r\n]", string)

# Alphabet sizes: whole numbers 2...9 (acss: 2, 4, 5, 6, 9; 3, 7, 8 use the next larger table
# here, as the acss program does).
check_alphabet <- function(alphabet, scalar = TRUE) {
  alphabet <- as.numeric(alphabet)
  if (scalar && length(alphabet) != 1L) stop("alphabet must be a single number", call. = FALSE)
  if (length(alphabet) == 0L || anyNA(alphabet) || any(alphabet != round(alphabet)) ||
      any(alphabet < 2) || any(alphabet > 9)) {
    stop("alphabet must be in 2:9 (acss: c(2, 4, 5, 6, 9))", call. = FALSE)
  }
  alphabet
}

# `acss score` on the strings (one batch), one row per input string (NA rows for strings that
# cannot be sent), all columns character.
score_rows <- function(string, args, columns = NULL) {
  ok <- sendable(string)
  rows <- NULL
  if (!is.null(columns)) columns <- union(columns, c("string", "method", "error"))
  if (any(ok)) rows <- run_acss("score", args, string[ok], columns = columns)
  if (all(ok)) {
    rows$string <- string
    return(rows)
  }
  columns <- if (!is.null(rows)) names(rows) else if (!is.null(columns)) columns else score_columns
  full <- as.data.frame(setNames(rep(list(rep("", length(string))), length(columns)), columns),
                        stringsAsFactors = FALSE, check.names = FALSE)
  if (!is.null(rows)) full[ok, ] <- rows
  full$string <- ifelse(is.na(string), NA_character_, string)
  full$error[!ok] <- "not a string the acss program takes (NA, empty, or a line break)"
  full
}

score_columns <- c("string", "pattern", "alphabet", "length", "K", "D", "method", "table",
                   "alphabet_source", "likelihood_d", "likelihood_ratio", "prob_random", "z",
                   "percentile", "entropy", "entropy2", "alternations", "alternation_rate",
                   "change_complexity", "K_se", "note", "error")

# A CTM value of a row (NA where the table has none: too long, more symbols than the
# alphabet, a pattern no machine produced), as acss returns NA.
ctm_value <- function(rows, column) {
  value <- as_number(rows[[column]])
  value[rows$method != "ctm" | nzchar(rows$error)] <- NA_real_
  value
}
