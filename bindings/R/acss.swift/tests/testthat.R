library(testthat)
library(acss.swift)

test_check("acss.swift")
