# acss 0.3-2's own tests (tests/testthat/test-acss.R) and help examples (?acss), with their
# published values: the binary ones (K.2, from the exhaustive D(5) table, the same as acss's)
# to the printed digits; the multi-symbol ones within this project's K_se.

test_that("acss returns what it should return (acss's test, K.2 exact, K.4 within K_se)", {
  skip_without_acss()
  res <- acss(c("01011100", "00030101"), alphabet = c(2, 4))
  expect_true(is.matrix(res))
  expect_identical(dimnames(res), list(c("01011100", "00030101"), c("K.2", "K.4", "D.2", "D.4")))
  expect_equal(unname(res[, "K.2"]), c(22.0030069458495, NA))
  expect_equal(unname(res[, "D.2"]), c(2.37922171238823e-07, NA))
  # acss's expected matrix is structure(c(K.2, K.2, K.4, K.4, D.2, ...), .Dim = c(2, 4)),
  # filled by column: K.4 is 24.75269450012 for 01011100 and 24.9239869906869 for 00030101.
  expect_equal(unname(res[, "K.4"]), expect_published(c("01011100", "00030101"), 4,
                                                      c(24.75269450012, 24.9239869906869), 11))
  expect_equal(unname(res[, "D.4"]), 2^-unname(res[, "K.4"]))
  # taken from the AcssGuide.pdf (acss's test)
  res2 <- acss("010120123", alphabet = 5)[1, ]
  expect_equal(unname(res2[1]), expect_published("010120123", 5, 30.03474))
})

test_that("acss structural aspects (acss's test)", {
  skip_without_acss()
  expect_true(is.matrix(acss("01011100")))
  expect_identical(nrow(acss("01011100")), 1L)
  two <- acss(c("01011100", "01011100"))
  one <- acss(c("01011100"))
  expect_true(all(rownames(two) == rownames(one)))
  expect_equal(two[1, ], one[1, ])
  expect_equal(two[2, ], one[1, ])
  vector <- acss(c("010", "010"))[, 2]
  expect_true(is.vector(vector, "numeric"))
  expect_named(vector)
})

test_that("?acss examples: alphabet 2 to the printed digits", {
  skip_without_acss()
  res <- acss(c("HEHHEE", "GHHGGHGHH", "HSHSHHSHSS"), alphabet = 2)
  expect_identical(rownames(res), c("HEHHEE", "GHHGGHGHH", "HSHSHHSHSS"))
  expect_equal(round(unname(res[, "K.2"]), 5), c(14.96921, 25.60208, 26.90906))
  expect_equal(signif(unname(res[, "D.2"]), 7), c(3.117581e-05, 1.963387e-08, 7.935321e-09))
})

test_that("?acss examples: alphabet 9 (the default) and NULL within K_se", {
  skip_without_acss()
  strings <- c("HEHHEE", "GHHGGHGHH", "HSHSHHSHSS")
  res <- acss(strings)
  expect_identical(colnames(res), c("K.9", "D.9"))
  expect_equal(unname(res[, "K.9"]), expect_published(strings, 9, c(23.38852, 33.50168, 35.15241)))
  strings <- c("HEHHEE", "GHHGGHGHUE", "HSHSHHSHSS")
  all <- acss(strings, NULL)
  expect_identical(colnames(all), c(paste0("K.", c(2, 4, 5, 6, 9)), paste0("D.", c(2, 4, 5, 6, 9))))
  expect_equal(round(unname(all[c(1, 3), "K.2"]), 5), c(14.96921, 26.90906))
  expect_true(is.na(all[2, "K.2"]))  # four symbols, alphabet 2: NA, as in acss
  published <- rbind(`4` = c(18.55227, 31.75832, 29.37852), `5` = c(19.70361, 33.00795, 30.52566),
                     `6` = c(20.75762, 34.27457, 31.76229), `9` = c(23.38852, 37.78935, 35.15241))
  for (m in rownames(published)) {
    expect_equal(unname(all[, paste0("K.", m)]), expect_published(strings, as.numeric(m), published[m, ]))
  }
})

test_that("likelihood_d, likelihood_ratio, prob_random: ?acss examples to the printed digits", {
  skip_without_acss()
  s <- c("HTHTHTHT", "HTHHTHTT")
  d <- likelihood_d(s, alphabet = 2)
  expect_named(d, s)
  # printed with 9, 7 and 7 decimals
  expect_equal(round(unname(d), 9), c(0.010366951, 0.003102718))
  expect_equal(round(unname(likelihood_ratio(s, alphabet = 2)), 7), c(0.3767983, 1.2589769))
  expect_equal(round(unname(prob_random(s, alphabet = 2)), 7), c(0.2736772, 0.5573217))
})

test_that("NA where acss gives NA: too long, too many symbols, never produced", {
  skip_without_acss()
  res <- acss(c("0101010101010", "0123", "000110100111"), alphabet = 2)
  expect_true(all(is.na(res)))
  expect_true(is.na(likelihood_d("0123", alphabet = 2)))
})

test_that("prob_random structural (acss's test)", {
  skip_without_acss()
  l1 <- prob_random(c("HEHHEE"))
  expect_named(l1)
  expect_true(is.vector(l1, "numeric"))
  expect_identical(length(l1), 1L)
  l2 <- prob_random(c("HEHHEE", "HEHHEE"))
  expect_named(l2)
  expect_identical(length(l2), 2L)
  expect_identical(l2[1], l2[2])
  expect_identical(l2[1], l1)
  l3 <- prob_random(c("HEHHEE", "GHHGGHGHUE", "HSHSHHSHSS"))
  expect_identical(length(l3), 3L)
  expect_gt(l3[[1]], l3[[2]])
  expect_gt(l3[[1]], l3[[3]])
  expect_gt(l3[[2]], l3[[3]])
  expect_error(prob_random("HEHHEE", prior = 2), "between 0 and 1")
})
