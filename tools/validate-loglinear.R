# Independent check of Dalel's log-linear MSE with R's glm (Debian's r-base-core; no CRAN packages).
# Usage: Rscript tools/validate-loglinear.R
# For each data set: every hierarchical model (interactions of any order below the number of lists) fitted with glm,
# the BIC choice, and the 95% profile-likelihood interval of N computed here from the multinomial likelihood, to
# compare with `dalel estimate --model all` and the tests in tests/Dalel.Core.Tests/Estimation.
check <- function(title, lists, counts, show = "all") {
  p <- length(lists)
  g <- expand.grid(rep(list(0:1), p)); names(g) <- lists          # first list varies fastest, as Dalel reads them
  d <- cbind(g, y = counts)[-1, ]
  n <- sum(counts)
  terms <- unlist(lapply(2:(p - 1), function(k) combn(p, k, simplify = FALSE)), recursive = FALSE)
  below <- function(t) if (length(t) <= 2) list() else combn(t, length(t) - 1, simplify = FALSE)
  has <- function(inc, t) any(sapply(which(inc), function(k) identical(terms[[k]], t)))
  formulas <- c()
  for (mask in 0:(2^length(terms) - 1)) {
    inc <- bitwAnd(mask, 2^(seq_along(terms) - 1)) > 0
    ok <- all(sapply(which(inc), function(k) all(sapply(below(terms[[k]]), function(s) has(inc, s)))))
    if (!ok) next
    f <- paste("~", paste(lists, collapse = " + "))
    for (k in which(inc)) f <- paste0(f, " + ", paste(lists[terms[[k]]], collapse = ":"))
    formulas <- c(formulas, f)
  }
  profile <- function(f, N) {
    z <- N - n
    full <- cbind(g, y = c(z, counts[-1]))
    fit <- suppressWarnings(glm(as.formula(paste("y", f)), family = poisson, data = full))
    mu <- fitted(fit)
    lgamma(N + 1) - lgamma(z + 1) + sum(ifelse(full$y > 0, full$y * log(mu / N), 0))
  }
  interval <- function(f) {
    # The multinomial profile peaks where it peaks, not necessarily next to the Poisson estimate: maximise it over
    # the whole range (searching only near N widened Madigan and York's no-three-way interval to 1,070, not 1,065).
    peak <- optimize(function(t) profile(f, t), c(n + 1e-9, 100 * n), maximum = TRUE, tol = 1e-6)
    cut <- qchisq(0.95, 1) / 2
    lower <- if (peak$objective - profile(f, n + 1e-9) <= cut) n else uniroot(function(t) peak$objective - profile(f, t) - cut, c(n + 1e-9, peak$maximum), tol = 1e-6)$root
    upper <- uniroot(function(t) peak$objective - profile(f, t) - cut, c(peak$maximum, 100 * n), tol = 1e-6)$root
    c(lower, upper)
  }
  rows <- do.call(rbind, lapply(formulas, function(f) {
    fit <- glm(as.formula(paste("y", f)), family = poisson, data = d)
    k <- length(coef(fit)); ll <- as.numeric(logLik(fit))
    data.frame(formula = f, N = n + exp(coef(fit)[1]),
               AIC = 2 * k - 2 * ll, BIC = k * log(n) - 2 * ll)
  }))
  rows <- rows[order(rows$BIC), ]
  cat(sprintf("%s: %d documented, %d hierarchical models\n", title, n, nrow(rows)))
  shown <- if (show == "all") seq_len(nrow(rows)) else 1:3
  for (i in shown) {
    ci <- interval(rows$formula[i])
    cat(sprintf("  %-50s N = %9.2f   95%% %9.2f – %9.2f   AIC %7.2f   BIC %7.2f%s\n", rows$formula[i], rows$N[i], ci[1], ci[2],
                rows$AIC[i], rows$BIC[i], if (i == 1) "   <- best by BIC" else ""))
  }
  cat("\n")
}

check("Madigan and York (1997), three lists", c("A", "B", "C"), c(0, 60, 49, 4, 247, 112, 142, 12))
# Ball et al. (2002), killings in Kosovo, 20 March – 22 June 1999, as LCMCR ships them (kosovo_aggregate).
check("Kosovo 1999, four lists", c("EXH", "ABA", "OSCE", "HRW"),
      c(0, 1131, 845, 177, 936, 228, 217, 181, 306, 106, 31, 18, 123, 42, 32, 27), show = "best")
