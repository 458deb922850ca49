test_that("local_complexity structural (acss's test)", {
  skip_without_acss()
  l1 <- local_complexity(c("01011010111"), span = 5, alphabet = 5)
  expect_true(is.list(l1))
  expect_identical(length(l1), 1L)
  expect_named(l1)
  l2 <- local_complexity(c("01011010111", "01011010111"), span = 5, alphabet = 5)
  expect_identical(length(l2), 2L)
  expect_named(l2)
  expect_equal(l2[[1]], l2[[2]])
  expect_equal(l2[[1]], l1[[1]])
  l2b <- local_complexity(c("01011010111", "GHHGGHGHUE"), span = 7)
  expect_false(length(l2b[[1]]) == length(l2b[[2]]))
  expect_false(isTRUE(all.equal(l2b[[1]], l2b[[2]])))
})

test_that("local_complexity: ?acss examples within K_se, windows as names", {
  skip_without_acss()
  res <- local_complexity(c("01011010111", "GHHGGHGHUE"), span = 5, alphabet = 5)
  expect_named(res, c("01011010111", "GHHGGHGHUE"))
  expect_named(res[[1]], c("01011", "10110", "01101", "11010", "10101", "01011", "10111"))
  expect_equal(unname(res[[1]]), expect_published(names(res[[1]]), 5, c(16.22469, 16.24766, 16.24766, 16.22469, 16.24322, 16.22469, 15.93927)))
  expect_equal(unname(res[[2]]), expect_published(names(res[[2]]), 5, c(16.44639, 16.44639, 16.24766, 16.22469, 16.58986, 16.86449)))
  res7 <- local_complexity(c("01011010111", "GHHGGHGHUE"), span = 7)
  expect_named(res7[[2]], c("GHHGGHG", "HHGGHGH", "HGGHGHU", "GGHGHUE"))
  expect_equal(unname(res7[[1]]), expect_published(names(res7[[1]]), 9, c(26.52068, 26.52068, 26.47782, 26.62371, 26.29186)))
  expect_equal(unname(res7[[2]]), expect_published(names(res7[[2]]), 9, c(27.04623, 26.86992, 27.30871, 27.84322)))
})

test_that("local_complexity: guide (acss's test), the mean within the SE of a mean", {
  skip_without_acss()
  res <- local_complexity("010120123", alphabet = 5)[[1]]
  expect_published(names(res), 5, 16.81957, mean_of = TRUE)
  expect_equal(length(res), 5L)
})

test_that("local_complexity: binary windows are D(5)'s K.2", {
  skip_without_acss()
  res <- local_complexity("0101110000", alphabet = 2, span = 8)
  expect_equal(unname(res[[1]][1]), 22.0030069458495)  # K.2(01011100), acss's test
  expect_error(local_complexity("0101", span = 5), "at least as large")
  expect_error(local_complexity("0101", span = 1), "between 2 and 12")
})
