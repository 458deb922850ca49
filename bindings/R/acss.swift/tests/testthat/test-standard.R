# entropy, entropy2, alternations, normalize_string, count_class: acss's values
# (docs/formalism.md §5) and closed forms.

test_that("entropy and entropy2: published values and closed forms", {
  skip_without_acss()
  expect_equal(signif(entropy("010011010001"), 7), 0.9798688)
  expect_equal(signif(entropy2("010011010001"), 7), 1.867634)
  # six 0s and six 1s: 1 bit; one symbol: 0 bits
  expect_equal(entropy(c("010101010101", "0000000000")), c(1, 0))
  # 0010203928837: 0 x4, 2 x2, 3 x2, 8 x2, 1, 9, 7 over 13 symbols
  p <- c(4, 2, 2, 2, 1, 1, 1) / 13
  expect_equal(entropy("0010203928837"), -sum(p * log2(p)))
  # the 11 bigrams of 010101010101: 01 x6, 10 x5
  q <- c(6, 5) / 11
  expect_equal(entropy2("010101010101"), -sum(q * log2(q)))
  expect_error(entropy2("0"), "> 1")
  expect_length(entropy(c("HUHHEGGTE", "EGGHHU")), 2L)
})

test_that("alternations, normalize_string, count_class (closed forms)", {
  skip_without_acss()
  expect_equal(alternations("0010233"), 4)                   # runs 00 1 0 2 33
  expect_equal(alternations("0010233", proportion = TRUE), 4 / 6)
  expect_equal(alternations(c("HUHHEGGTE", "EGGHHU")), c(6, 3))
  expect_identical(normalize_string(c("HUHHEGGTE", "EGGHHU")), c("010023342", "011223"))
  expect_identical(normalize_string("0010"), "0010")          # no lost leading zeros
  expect_equal(count_class("010011", 2), 2)                   # 2!/0!
  expect_equal(count_class("332120", 4), 24)                  # 4 symbols of 4: 4!
  expect_equal(count_class(c("HUHHEGGTE", "EGGHHU"), 5), c(120, 120))
  expect_equal(count_class(c("HUHHEGGTE", "EGGHHU"), 6), c(720, 360))
  expect_error(count_class("0123", 2), "larger")
})

test_that("change_complexity: acss's reading, length checks", {
  skip_without_acss()
  expect_error(change_complexity("01"), "> 2")
  expect_length(change_complexity(c("01100100", "0101")), 2L)
  # a constant string has no change at any level
  expect_equal(change_complexity("00000000"), 0)
})

test_that("acss_score: every column, strings kept as character", {
  skip_without_acss()
  res <- acss_score(c("0010", "HTHHTHTT"), alphabet = 2)
  expect_s3_class(res, "data.frame")
  expect_identical(res$string, c("0010", "HTHHTHTT"))
  expect_identical(res$pattern, c("0010", "01001011"))
  expect_true(all(c("K", "D", "z", "percentile", "K_se", "prob_random", "method", "note") %in% names(res)))
  expect_true(is.numeric(res$z))
  expect_equal(signif(res$prob_random[2], 7), 0.5573217)
  expect_equal(res$K_se, c(0, 0))                             # the exhaustive binary table
  long <- acss_score("0101010101010101", alphabet = 2)
  expect_identical(long$method, "bdm")
  expect_true(is.na(long$z))
})

test_that("the program is found through the option and the environment variable", {
  skip_without_acss()
  path <- acss_binary()
  old <- options(acss.swift.binary = "/nonexistent/acss")
  on.exit(options(old))
  expect_error(acss("01"), "does not exist")
  options(acss.swift.binary = path)
  expect_equal(unname(acss("01011100", 2)[1, 1]), 22.0030069458495)
})
