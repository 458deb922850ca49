# acss 0.3-2's bdm(): blocks of `blocksize` starting every `delta` symbols, a last shorter
# block when they do not reach the end, BDM = sum over distinct blocks of K + log_alphabet(n):
# `acss bdm --flavour acss` computes exactly that (docs/scoring.md), in one run.

bdm <- function(string, blocksize = 10, alphabet = 9, delta = blocksize, print_blocks = FALSE) {
  check_string(string)
  alphabet <- check_alphabet(alphabet)
  if (length(delta) != 1L || is.na(delta) || delta < 1) stop("delta should be a positive integer.", call. = FALSE)
  if (length(blocksize) != 1L || is.na(blocksize) || blocksize < 2) {
    stop("blocksize must be an integer larger than 1.", call. = FALSE)
  }
  if (delta > blocksize) {
    stop("delta superior to blocksize (delta must be smaller or equal to blocksize); ",
         "acss warns and skips symbols, acss.swift refuses.", call. = FALSE)
  }
  if (blocksize > 12) stop("blocksize must be at most 12 (the length of the tables' strings).", call. = FALSE)
  if (blocksize > 10) warning("blocksizes larger than 10 might yield NAs", call. = FALSE)
  l <- nchar(string)
  if (any((l - blocksize) %% delta != 0, na.rm = TRUE)) {
    warning("delta is not a divisor of length-blocksize. Not all windows are of size ", blocksize, ".",
            call. = FALSE)
  }
  args <- c("--alphabet", format(alphabet), "--flavour", "acss", "--block-size", format(blocksize),
            "--step", format(delta))
  ok <- sendable(string)
  out <- rep(NA_real_, length(string))
  if (any(ok)) {
    rows <- run_acss("bdm", args, string[ok])
    value <- as_number(rows$BDM)
    value[nzchar(rows$error)] <- NA_real_
    out[ok] <- value
    if (isTRUE(print_blocks)) {
      blocks <- run_acss("bdm", c(args, "--blocks"), string[ok], one_row_each = FALSE)
      print(split(blocks[c("block", "position", "multiplicity", "K")],
                  factor(blocks$string, levels = unique(string[ok]))))
    }
  }
  names(out) <- string
  out
}
