# The functions of acss 0.3-2 (same names, arguments, defaults and return shapes), each one
# run of `acss score` or `acss local` per alphabet.

ctm_args <- function(alphabet) c("--alphabet", format(alphabet))

acss <- function(string, alphabet = 9) {
  check_string(string)
  if (is.null(alphabet)) alphabet <- c(2, 4, 5, 6, 9)
  alphabet <- check_alphabet(alphabet, scalar = FALSE)
  K <- matrix(NA_real_, nrow = length(string), ncol = length(alphabet))
  for (i in seq_along(alphabet)) {
    K[, i] <- ctm_value(score_rows(string, ctm_args(alphabet[i]), "K"), "K")
  }
  D <- 2^(-K)
  out <- cbind(K, D)
  dimnames(out) <- list(string, c(paste0("K.", alphabet), paste0("D.", alphabet)))
  out
}

# One CTM column of `acss score` as a vector named by the input.
ctm_measure <- function(string, alphabet, column, extra = character()) {
  check_string(string)
  alphabet <- check_alphabet(alphabet)
  value <- ctm_value(score_rows(string, c(ctm_args(alphabet), extra), column), column)
  names(value) <- string
  value
}

likelihood_d <- function(string, alphabet = 9) {
  ctm_measure(string, alphabet, "likelihood_d")
}

likelihood_ratio <- function(string, alphabet = 9) {
  ctm_measure(string, alphabet, "likelihood_ratio")
}

prob_random <- function(string, alphabet = 9, prior = 0.5) {
  if (!is.numeric(prior) || length(prior) != 1L || is.na(prior) || prior < 0 || prior > 1) {
    stop("prior needs to be between 0 and 1", call. = FALSE)
  }
  if (prior <= 0 || prior >= 1) {
    stop("prior must be strictly between 0 and 1 here (with 0 or 1 the answer is the prior)", call. = FALSE)
  }
  ctm_measure(string, alphabet, "prob_random", c("--prior", format(prior, digits = 17)))
}

local_complexity <- function(string, alphabet = 9, span = 5) {
  check_string(string)
  alphabet <- check_alphabet(alphabet)
  if (length(span) != 1L || is.na(span) || span < 2 || span > 12 || span != round(span)) {
    stop("span needs to be between 2 and 12 (inclusive).", call. = FALSE)
  }
  if (any(nchar(string) < span, na.rm = TRUE)) {
    stop("span needs to be at least as large as the shortest string.", call. = FALSE)
  }
  # The windows (every span consecutive characters, step 1) are cut here and scored in one
  # batch: `acss local` cuts the same windows, but its rows would have to be matched back to
  # strings that may repeat.
  windows <- lapply(string, function(s) {
    if (is.na(s)) return(character())
    n <- nchar(s)
    substring(s, seq_len(n - span + 1L), seq.int(span, n))
  })
  all <- unlist(windows, use.names = FALSE)
  K <- if (length(all)) ctm_value(score_rows(all, ctm_args(alphabet), "K"), "K") else numeric()
  ends <- cumsum(lengths(windows))
  out <- lapply(seq_along(windows), function(i) {
    value <- K[seq_len(lengths(windows)[i]) + ends[i] - lengths(windows)[i]]
    names(value) <- windows[[i]]
    value
  })
  names(out) <- string
  out
}
