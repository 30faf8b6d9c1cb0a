# The adjusted-comparison pipeline in R on the data of the C# benchmark, for comparison:
#   dotnet run -c Release --project bench/Benchmarks -- adjusted --csv /tmp/adjusted.csv
#   Rscript bench/adjusted/adjusted.R /tmp/adjusted.csv
# Same steps as `bench/Benchmarks -- adjusted`: glm(binomial), ATE weights and Kish ESS, balance (SMD and variance
# ratios), MatchIt nearest 1:1 caliper 0.2 on the logit, weighted survfit (robust SE) and weighted coxph (robust SE).
# Needs r-base-core r-cran-survival r-cran-matchit. Prints elapsed seconds per step (system.time).
suppressPackageStartupMessages({
  library(survival)
  library(MatchIt)
})

args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(if (length(args) > 0) args[1] else "/tmp/adjusted.csv")
d$bclc <- factor(d$bclc, levels = sort(unique(d$bclc), method = "radix"))
d$treated <- as.numeric(d$group == "treated")
d$group <- factor(d$group, levels = c("control", "treated"))
cat(sprintf("%s, survival %s, MatchIt %s; %d subjects\n", R.version.string, packageVersion("survival"),
            packageVersion("MatchIt"), nrow(d)))

f <- treated ~ age + log10afp + albumin + diameter + bclc
timed <- function(name, expr) {
  t <- system.time(value <- force(expr))[["elapsed"]]
  cat(sprintf("| %s | %.2f |\n", name, t))
  invisible(list(value = value, seconds = t))
}

total <- 0
ps <- timed("propensity model (glm binomial)", glm(f, data = d, family = binomial))
total <- total + ps$seconds
e <- fitted(ps$value)
w <- timed("ATE weights + Kish ESS", {
  w <- ifelse(d$treated == 1, 1 / e, 1 / (1 - e))
  ess <- tapply(w, d$treated, function(x) sum(x)^2 / sum(x^2))
  w
})
total <- total + w$seconds
d$w <- w$value
balance <- timed("balance (SMD, variance ratios; unadjusted + weighted)", {
  x <- model.matrix(~ age + log10afp + albumin + diameter + bclc - 1, data = d)
  t1 <- d$treated == 1
  apply(x, 2, function(v) {
    sp <- sqrt((var(v[t1]) + var(v[!t1])) / 2)
    c(smd = (mean(v[t1]) - mean(v[!t1])) / sp,
      smd_w = (weighted.mean(v[t1], d$w[t1]) - weighted.mean(v[!t1], d$w[!t1])) / sp,
      vr = var(v[t1]) / var(v[!t1]))
  })
})
total <- total + balance$seconds
m <- timed("MatchIt nearest 1:1, caliper 0.2 on the logit", matchit(f, data = d, method = "nearest", distance = "glm",
  link = "linear.logit", caliper = 0.2, std.caliper = TRUE, m.order = "largest", replace = FALSE, ratio = 1))
total <- total + m$seconds
km <- timed("weighted Kaplan-Meier, robust SE", survfit(Surv(time, event) ~ group, data = d, weights = w))
total <- total + km$seconds
cox <- timed("weighted Cox, robust SE (Efron)", coxph(Surv(time, event) ~ group, data = d, weights = w, robust = TRUE))
total <- total + cox$seconds
cat(sprintf("| total | %.2f |\n", total))
