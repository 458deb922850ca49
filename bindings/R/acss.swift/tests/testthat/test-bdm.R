test_that("bdm works (acss's test)", {
  skip_without_acss()
  multi <- c("SSOOXFXFOXXOXOXFFXXXSOTTO", "SSODXFXDOXXOXOXFFXRRSORTO", "DXXXXRRXXXSSOOOXOFFFOOOOO")
  # length 25, blocks of 10: acss warns that the last block is shorter, and so does this
  expect_warning(one <- bdm(multi[1]), "not a divisor")
  expect_true(is.numeric(one))
  expect_warning(all <- bdm(multi), "not a divisor")
  expect_true(is.numeric(all))
  expect_named(all, multi)
  expect_identical(all[[1]], one[[1]])
})

test_that("binary bdm: acss's documented 57.56642", {
  skip_without_acss()
  # ?bdm: "binary bdm should give 57.5664 in this case"; docs/formalism.md §5: 57.56642.
  expect_warning(value <- bdm("010101010101010101", alphabet = 2, blocksize = 12, delta = 1),
                 "larger than 10")
  expect_equal(round(unname(value), 5), 57.56642)
})

test_that("bdm of a string of one block is its K.2; repeated blocks add log_m(n)", {
  skip_without_acss()
  expect_equal(unname(bdm("01011100", alphabet = 2, blocksize = 8)), 22.0030069458495)
  # two copies of the same block: K + log2(2) = K + 1 (acss's base-m logarithm, m = 2)
  expect_equal(unname(bdm("0101110001011100", alphabet = 2, blocksize = 8)), 22.0030069458495 + 1)
  expect_warning(bdm("0101110001011", alphabet = 2, blocksize = 8, delta = 3), "not a divisor")
  expect_error(bdm("0101110001011", alphabet = 2, blocksize = 4, delta = 5), "smaller or equal")
})
