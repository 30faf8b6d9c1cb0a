#!/usr/bin/env Rscript
# Regenerates the R-produced reference files in tests/reference/:
#   survival/{aml,lung,ovarian}.csv + .json, tests.json, adjusted/adj_{ovarian,cgd}.csv + .json, demo/demo_followup.json.
# paper/published-tables.json is typed from the paper and is not produced here.
#
# Usage:  Rscript tests/reference/regenerate.R [output-folder]
#         (default output folder: the folder this script lives in, i.e. it overwrites the committed files)
#
# Needs R with the packages survival, MatchIt and jsonlite (Debian: r-base-core r-cran-survival r-cran-matchit
# r-cran-jsonlite). Verified with R 4.2.2, survival 3.5.3, MatchIt 4.5.1, jsonlite 1.8.4: every CSV is byte for byte
# the committed one, and every JSON has the committed keys in the committed order and the same values (largest
# relative difference 0 in every file). Every output value is computed here; none is copied from the committed files. The JSON text differs only in
# layout (the committed files are not indented consistently; this script writes jsonlite's pretty layout), so
# compare parsed values, not bytes. Other package versions may move the last digits.
#
# Things a reader should know:
#   - tests.json's inputs (2x2 and r x c tables, counts, samples) are fixed numbers, written as literals below.
#   - Gehan-Breslow and Tarone-Ware are not in survival; they use the standard weighted log-rank formula
#     (weight n at risk and sqrt(n at risk)), written out in weighted_logrank().
#   - cox.*.wald.chisq in survival/*.json is summary.coxph's printed value, rounded to 2 decimals by R; the p-value
#     beside it is the unrounded one. That is what summary(fit)$waldtest returns, so it is kept as is.
#   - matching_has_ties (adjusted) is TRUE when two subjects share the same propensity score, which makes the
#     pairs of nearest-neighbour matching depend on MatchIt's processing order.

suppressPackageStartupMessages({
  library(survival)
  library(MatchIt)
  library(jsonlite)
})

script_folder <- function() {
  file_arg <- grep("^--file=", commandArgs(trailingOnly = FALSE), value = TRUE)
  if (length(file_arg) == 0) {
    return(getwd())
  }
  dirname(normalizePath(sub("^--file=", "", file_arg[1])))
}

args <- commandArgs(trailingOnly = TRUE)
out_folder <- if (length(args) >= 1) args[1] else script_folder()
dir.create(file.path(out_folder, "survival"), recursive = TRUE, showWarnings = FALSE)
dir.create(file.path(out_folder, "adjusted"), recursive = TRUE, showWarnings = FALSE)

r_version <- paste0("R ", getRversion())
survival_version <- paste0("survival ", packageVersion("survival"))
matchit_version <- paste0("MatchIt ", packageVersion("MatchIt"))

# digits = NA writes 15 significant digits; I() keeps a length-1 vector as a JSON array.
# na = "null" writes NA/NaN as null (survival, adjusted); tests.json uses na = "string" ("NaN", "Inf").
write_json_file <- function(x, path, na = "null") {
  json <- toJSON(x, auto_unbox = TRUE, digits = NA, na = na, pretty = TRUE)
  writeLines(json, file.path(out_folder, path), useBytes = TRUE)
}

write_csv_file <- function(d, path) {
  write.csv(d, file.path(out_folder, path), row.names = FALSE)
}

strata_group <- function(strata) {
  sub("^[^=]*=", "", as.character(strata))
}

# ---------------------------------------------------------------------------------------------------------------
# survival/{aml,lung,ovarian}: Kaplan-Meier, medians, landmarks, reverse-KM follow-up, two-group tests, Cox.
# ---------------------------------------------------------------------------------------------------------------

conf_types <- c("log", "log-log", "plain")

# summary(survfit(Surv(time, event) ~ group, conf.type = ct), censored = TRUE): every distinct time, SE of S.
km_rows <- function(d, conf_type) {
  fit <- survfit(Surv(time, event) ~ group, data = d, conf.type = conf_type)
  s <- summary(fit, censored = TRUE)
  data.frame(group = strata_group(s$strata), time = s$time, n_risk = s$n.risk, n_event = s$n.event,
             n_censor = s$n.censor, surv = s$surv, std_err = s$std.err, lower = s$lower, upper = s$upper)
}

# quantile(fit, 0.5): median with its CI from the same conf.type.
median_rows <- function(fit) {
  q <- quantile(fit, probs = 0.5)
  data.frame(group = strata_group(names(fit$strata)), median = unname(q$quantile[, 1]),
             lower = unname(q$lower[, 1]), upper = unname(q$upper[, 1]))
}

# summary(fit, times = landmarks, extend = TRUE).
landmark_rows <- function(d, conf_type, times) {
  fit <- survfit(Surv(time, event) ~ group, data = d, conf.type = conf_type)
  s <- summary(fit, times = times, extend = TRUE)
  data.frame(group = strata_group(s$strata), time = s$time, surv = s$surv, std_err = s$std.err,
             lower = s$lower, upper = s$upper)
}

chisq_test <- function(chisq, df) {
  list(chisq = chisq, df = df, p = pchisq(chisq, df, lower.tail = FALSE))
}

# Weighted log-rank statistic, two groups: U = sum w (d1 - d n1/n), V = sum w^2 d (n1/n)(1 - n1/n)(n - d)/(n - 1),
# chisq = U^2 / V. Gehan-Breslow: w = n at risk; Tarone-Ware: w = sqrt(n at risk).
weighted_logrank <- function(d, weight) {
  first <- d$group == levels(d$group)[1]
  u <- 0
  v <- 0
  for (t in sort(unique(d$time[d$event == 1]))) {
    at_risk <- d$time >= t
    n <- sum(at_risk)
    n1 <- sum(at_risk & first)
    dead <- d$time == t & d$event == 1
    deaths <- sum(dead)
    w <- weight(n)
    u <- u + w * (sum(dead & first) - deaths * n1 / n)
    if (n > 1) {
      v <- v + w^2 * deaths * (n1 / n) * (1 - n1 / n) * (n - deaths) / (n - 1)
    }
  }
  chisq_test(u^2 / v, nlevels(d$group) - 1)
}

# coxph(..., ties = ties) and summary(): coefficients, HR with 95% CI, log-likelihoods, LR/Wald/score tests.
cox_summary <- function(formula, d, ties) {
  fit <- coxph(formula, data = d, ties = ties)
  s <- summary(fit)
  test <- function(x) list(chisq = unname(x["test"]), df = unname(x["df"]), p = unname(x["pvalue"]))
  list(terms = I(names(coef(fit))),
       coef = I(unname(coef(fit))),
       hr = I(unname(exp(coef(fit)))),
       se = I(unname(sqrt(diag(fit$var)))),
       z = I(unname(s$coefficients[, "z"])),
       p = I(unname(s$coefficients[, "Pr(>|z|)"])),
       lower = I(unname(s$conf.int[, "lower .95"])),
       upper = I(unname(s$conf.int[, "upper .95"])),
       loglik = fit$loglik,
       iterations = fit$iter,
       lr = test(s$logtest),
       wald = test(s$waldtest),   # chisq rounded to 2 decimals by summary.coxph
       score = test(s$sctest))
}

survival_reference <- function(name, d, landmarks, covariates) {
  write_csv_file(transform(d, group = as.character(group)), file.path("survival", paste0(name, ".csv")))

  km <- list()
  medians <- list()
  marks <- list()
  for (ct in conf_types) {
    km[[ct]] <- km_rows(d, ct)
    medians[[ct]] <- median_rows(survfit(Surv(time, event) ~ group, data = d, conf.type = ct))
    marks[[ct]] <- landmark_rows(d, ct, landmarks)
  }

  # Median follow-up by reverse Kaplan-Meier: censoring is the event (default conf.type "log").
  reverse <- median_rows(survfit(Surv(time, 1 - event) ~ group, data = d))
  # Difference in follow-up between groups: the log-rank test of the reverse Kaplan-Meier curves.
  reverse_logrank <- survdiff(Surv(time, 1 - event) ~ group, data = d)

  logrank <- survdiff(Surv(time, event) ~ group, data = d, rho = 0)
  peto <- survdiff(Surv(time, event) ~ group, data = d, rho = 1)
  df <- length(logrank$n) - 1
  tests <- list(
    logrank = c(chisq_test(logrank$chisq, df), list(observed = logrank$obs, expected = logrank$exp)),
    peto_peto = chisq_test(peto$chisq, df),
    gehan_breslow = weighted_logrank(d, function(n) n),
    tarone_ware = weighted_logrank(d, sqrt))
  followup_logrank <- c(chisq_test(reverse_logrank$chisq, df),
                        list(observed = reverse_logrank$obs, expected = reverse_logrank$exp))

  cox <- list()
  multi <- reformulate(c("group", covariates), response = quote(Surv(time, event)))
  for (ties in c("efron", "breslow")) {
    cox[[paste0(ties, "_group")]] <- cox_summary(Surv(time, event) ~ group, d, ties)
    if (length(covariates) > 0) {
      cox[[paste0(ties, "_multi")]] <- cox_summary(multi, d, ties)
    }
  }

  write_json_file(list(dataset = name, rows = nrow(d), groups = levels(d$group),
                       produced_by = paste0(r_version, ", ", survival_version),
                       km = km, median = medians, landmarks = marks, median_followup_reverse_km = reverse,
                       median_followup_logrank = followup_logrank, tests = tests, cox = cox, covariates = I(covariates)),
                  file.path("survival", paste0(name, ".json")))
}

# survival::aml: group = x (Maintained, Nonmaintained); no covariates.
aml_d <- with(survival::aml, data.frame(time = time, event = status, group = factor(x)))
survival_reference("aml", aml_d, landmarks = c(12, 24, 36), covariates = character(0))

# survival::lung: event = status - 1, group = sex (1 Male, 2 Female); the one subject without ph.ecog is dropped.
lung_src <- survival::lung[!is.na(survival::lung$ph.ecog), ]
lung_d <- with(lung_src, data.frame(time = time, event = status - 1,
                                    group = factor(ifelse(sex == 1, "Male", "Female"), levels = c("Male", "Female")),
                                    age = age, ph_ecog = ph.ecog))
survival_reference("lung", lung_d, landmarks = c(90, 180, 365, 730), covariates = c("age", "ph_ecog"))

# survival::ovarian: time = futime, event = fustat, group = rx (rx1, rx2).
ovarian_d <- with(survival::ovarian, data.frame(time = futime, event = fustat, group = factor(paste0("rx", rx)),
                                                age = age, ecog_ps = ecog.ps))
survival_reference("ovarian", ovarian_d, landmarks = c(365, 730), covariates = c("age", "ecog_ps"))

# ---------------------------------------------------------------------------------------------------------------
# tests.json: fisher.test, chisq.test (correct = FALSE / TRUE), binom.test, prop.test (Wilson), t.test,
# shapiro.test, wilcox.test(exact = FALSE), quantile(type = 7, 6). Tables are filled by row.
# ---------------------------------------------------------------------------------------------------------------

two_by_two <- list(c(20, 17, 5, 36), c(26, 11, 19, 22), c(0, 37, 22, 19), c(1, 36, 1, 40), c(8, 29, 5, 36),
                   c(3, 7, 12, 5), c(0, 10, 0, 12), c(150, 850, 120, 880))
r_by_c <- list(list(rows = 2, table = c(4, 10, 33, 31)),
               list(rows = 2, table = c(0, 20, 6, 11, 0, 5, 14, 22)),
               list(rows = 3, table = c(3, 5, 9, 7, 2, 1, 4, 4, 4)))
binomial_counts <- list(c(20, 37), c(5, 41), c(0, 37), c(37, 37), c(1, 10), c(500, 1000))
x <- c(79, 41, 47, 50, 44, 44, 62, 53, 56, 78, 58, 83, 79, 58, 74, 59, 45, 51, 54, 65, 63, 62, 68, 39, 68, 56, 62,
       60, 44, 51, 45, 62, 55, 53, 50, 48, 65)
y <- c(41, 50, 55, 63, 45, 49, 39, 48, 48, 65, 57, 53, 61, 49, 52, 55, 68, 59, 56, 37, 55, 53, 43, 52, 53, 57, 58,
       55, 62, 59, 63, 64, 58, 56, 43, 46, 43, 36, 39, 43, 46)
u <- c(7.3, 4.75, 8.65, 12.1, 3.3, 6.2, 6.2, 9.9, 15, 2.1, 5.5, 7.3)
v <- c(6.2, 4.15, 10.8, 11, 2.9, 6.2, 13.5, 8.8, 3)

two_by_two_rows <- lapply(two_by_two, function(cells) {
  m <- matrix(cells, nrow = 2, byrow = TRUE)
  fisher <- fisher.test(m)
  pearson <- suppressWarnings(chisq.test(m, correct = FALSE))
  yates <- suppressWarnings(chisq.test(m, correct = TRUE))
  list(table = cells, fisher_p = fisher$p.value, fisher_odds_ratio_cmle = unname(fisher$estimate),
       fisher_or_lower = fisher$conf.int[1], fisher_or_upper = fisher$conf.int[2],
       pearson_chisq = unname(pearson$statistic), pearson_p = pearson$p.value,
       yates_chisq = unname(yates$statistic), yates_p = yates$p.value)
})

r_by_c_rows <- lapply(r_by_c, function(t) {
  m <- matrix(t$table, nrow = t$rows, byrow = TRUE)
  pearson <- suppressWarnings(chisq.test(m, correct = FALSE))
  list(rows = t$rows, table = t$table, fisher_p = fisher.test(m)$p.value,
       pearson_chisq = unname(pearson$statistic), pearson_df = unname(pearson$parameter),
       pearson_p = pearson$p.value)
})

binomial_rows <- lapply(binomial_counts, function(xn) {
  exact <- binom.test(xn[1], xn[2])$conf.int
  wilson <- prop.test(xn[1], xn[2], correct = FALSE)$conf.int
  list(x = xn[1], n = xn[2], clopper_pearson_lower = exact[1], clopper_pearson_upper = exact[2],
       wilson_lower = wilson[1], wilson_upper = wilson[2])
})

t_result <- function(t) list(t = unname(t$statistic), df = unname(t$parameter), p = t$p.value)
shapiro <- shapiro.test(x)
mann_whitney <- wilcox.test(u, v, exact = FALSE)
quartiles <- c(0.25, 0.5, 0.75)

write_json_file(list(
  produced_by = paste0(r_version, " (stats)"),
  two_by_two = two_by_two_rows,
  r_by_c = r_by_c_rows,
  binomial_ci = binomial_rows,
  two_sample = list(
    x = x, y = y,
    student_t = t_result(t.test(x, y, var.equal = TRUE)),
    welch_t = t_result(t.test(x, y)),
    shapiro_wilk_x = list(w = unname(shapiro$statistic), p = shapiro$p.value),
    u = u, v = v,
    mann_whitney_uv = list(w = unname(mann_whitney$statistic), p = mann_whitney$p.value,
                           note = "normal approximation with tie correction and continuity correction (wilcox.test exact=FALSE)"),
    median_iqr_u_type7 = unname(quantile(u, quartiles, type = 7)),
    median_iqr_u_type6_spss = unname(quantile(u, quartiles, type = 6)))),
  "tests.json", na = "string")

# ---------------------------------------------------------------------------------------------------------------
# adjusted/adj_{ovarian,cgd}: propensity score, weights, ESS, balance, matching, weighted KM, Cox, stratified
# log-rank, RMST. Categorical levels are in byte (C locale) order; the first is the reference. The group factor is
# (control, treated), so R's coefficients are for treated against control.
# ---------------------------------------------------------------------------------------------------------------

byte_order <- function(x) sort(unique(x), method = "radix")

# R's coefficient name "variablelevel" becomes "variable:level".
term_names <- function(names, d, categorical) {
  for (v in c("group", categorical)) {
    for (level in levels(d[[v]])) {
      names[names == paste0(v, level)] <- paste0(v, ":", level)
    }
  }
  names
}

kish_ess <- function(w) sum(w)^2 / sum(w^2)

# One row per continuous covariate, per level of a categorical one, per 0/1 covariate (binary).
covariate_columns <- function(d, covariates, categorical) {
  columns <- list()
  for (v in covariates) {
    if (v %in% categorical) {
      for (level in levels(d[[v]])) {
        columns[[paste0(v, ":", level)]] <- list(values = as.numeric(d[[v]] == level), type = "binary")
      }
    } else {
      binary <- all(d[[v]] %in% c(0, 1))
      columns[[v]] <- list(values = as.numeric(d[[v]]), type = if (binary) "binary" else "continuous")
    }
  }
  columns
}

# SD per group: sd() (n - 1) for continuous, sqrt(p (1 - p)) for binary. SMD = difference / sqrt((sd_t^2 + sd_c^2) / 2),
# always with the unadjusted groups' SDs.
group_sd <- function(x, type) {
  if (type == "binary") sqrt(mean(x) * (1 - mean(x))) else sd(x)
}

balance_rows <- function(columns, treated, w) {
  rows <- lapply(names(columns), function(name) {
    x <- columns[[name]]$values
    type <- columns[[name]]$type
    sd_t <- group_sd(x[treated], type)
    sd_c <- group_sd(x[!treated], type)
    pooled <- sqrt((sd_t^2 + sd_c^2) / 2)
    wt <- weighted.mean(x[treated], w[treated])
    wc <- weighted.mean(x[!treated], w[!treated])
    data.frame(covariate = name, type = type, treated_mean = mean(x[treated]), control_mean = mean(x[!treated]),
               treated_sd = sd_t, control_sd = sd_c, smd_unadjusted = (mean(x[treated]) - mean(x[!treated])) / pooled,
               smd_weighted = (wt - wc) / pooled, weighted_treated_mean = wt, weighted_control_mean = wc)
  })
  do.call(rbind, rows)
}

matched_balance_rows <- function(columns, treated, matched) {
  rows <- lapply(names(columns), function(name) {
    x <- columns[[name]]$values
    type <- columns[[name]]$type
    pooled <- sqrt((group_sd(x[treated], type)^2 + group_sd(x[!treated], type)^2) / 2)
    mt <- mean(x[treated & matched])
    mc <- mean(x[!treated & matched])
    data.frame(covariate = name, treated_mean = mt, control_mean = mc, smd_matched = (mt - mc) / pooled)
  })
  do.call(rbind, rows)
}

# Two-sided Wald test and 95% CI of a difference.
wald <- function(estimate, se) {
  z <- qnorm(0.975)
  list(estimate = estimate, std_err = se, lower = estimate - z * se, upper = estimate + z * se,
       p = 2 * pnorm(-abs(estimate / se)))
}

# Single-coefficient Cox fit; se is the model-based SE, robust_se (when robust/cluster) the sandwich SE that
# z, p and the CI use (summary.coxph).
cox_single <- function(fit, robust) {
  s <- summary(fit)
  result <- list(coef = unname(coef(fit)), se = unname(sqrt(diag(if (robust) fit$naive.var else fit$var))))
  if (robust) {
    result$robust_se <- unname(sqrt(diag(fit$var)))
  }
  c(result, list(z = unname(s$coefficients[, "z"]), p = unname(s$coefficients[, "Pr(>|z|)"]),
                 hr = unname(exp(coef(fit))), lower = unname(s$conf.int[, "lower .95"]),
                 upper = unname(s$conf.int[, "upper .95"])))
}

adjusted_reference <- function(name, d, treated_label, control_label, covariates, categorical, stratum_from, tau) {
  write_csv_file(d, file.path("adjusted", paste0(name, ".csv")))

  rownames(d) <- d$id
  d$group <- factor(d$group, levels = c(control_label, treated_label))
  for (v in categorical) {
    d[[v]] <- factor(d[[v]], levels = byte_order(d[[v]]))
  }
  treated <- d$group == treated_label
  d$treated <- as.numeric(treated)

  # Propensity model: glm(treated ~ covariates, family = binomial).
  ps_formula <- reformulate(covariates, response = "treated")
  ps_fit <- glm(ps_formula, data = d, family = binomial)
  ps_coef <- summary(ps_fit)$coefficients
  ps <- unname(fitted(ps_fit))

  # Weights: ATE 1/ps, 1/(1 - ps); stabilized by the marginal proportion treated; ATT 1, ps/(1 - ps);
  # ATO (overlap) 1 - ps, ps.
  p_treated <- mean(treated)
  w <- list(
    ATE = ifelse(treated, 1 / ps, 1 / (1 - ps)),
    ATE_stabilized = ifelse(treated, p_treated / ps, (1 - p_treated) / (1 - ps)),
    ATT = ifelse(treated, 1, ps / (1 - ps)),
    ATO = ifelse(treated, 1 - ps, ps))
  d$w_ate <- w$ATE

  ess <- lapply(w, function(wi) list(treated = kish_ess(wi[treated]), control = kish_ess(wi[!treated])))

  columns <- covariate_columns(d, covariates, categorical)
  balance <- lapply(c("ATE", "ATT", "ATO"), function(e) list(estimand = e, rows = balance_rows(columns, treated, w[[e]])))

  # MatchIt nearest neighbour 1:1 without replacement on the logit of the propensity score (same glm),
  # caliper 0.2 SD of the logit, treated units taken from the largest score down.
  m <- matchit(ps_formula, data = d, method = "nearest", distance = "glm", link = "linear.logit",
               caliper = 0.2, std.caliper = TRUE, m.order = "largest", replace = FALSE, ratio = 1)
  mm <- m$match.matrix
  matched_rows <- !is.na(mm[, 1])
  pairs <- data.frame(treated = rownames(mm)[matched_rows], control = unname(mm[matched_rows, 1]))
  matched <- d$id %in% c(pairs$treated, pairs$control)
  caliper_logit <- unname(m$caliper)   # MatchIt stores the caliper in logit units
  d$pair <- NA_integer_
  d[pairs$treated, "pair"] <- seq_len(nrow(pairs))
  d[pairs$control, "pair"] <- seq_len(nrow(pairs))

  # Weighted Kaplan-Meier with ATE weights: survfit uses the robust SE for non-integer weights.
  wkm_fit <- survfit(Surv(time, event) ~ group, data = d, weights = w_ate)
  wkm <- summary(wkm_fit, censored = TRUE)
  weighted_km <- data.frame(group = strata_group(wkm$strata), time = wkm$time, n_risk = wkm$n.risk,
                            n_event = wkm$n.event, surv = wkm$surv, std_err = wkm$std.err, lower = wkm$lower,
                            upper = wkm$upper)

  strata_formula <- as.formula(paste("Surv(time, event) ~ group + strata(", stratum_from, ")"))
  multi_formula <- reformulate(c("group", covariates), response = quote(Surv(time, event)))
  cox <- list()
  for (ties in c("efron", "breslow")) {
    # IPTW: coxph(..., weights = w_ate, robust = TRUE).
    cox[[paste0("iptw_", ties)]] <-
      cox_single(coxph(Surv(time, event) ~ group, data = d, weights = w_ate, robust = TRUE, ties = ties), TRUE)
    # Stratified: + strata(stratum), unweighted.
    stratified <- coxph(strata_formula, data = d, ties = ties)
    cox[[paste0("stratified_", ties)]] <- c(cox_single(stratified, FALSE), list(loglik = stratified$loglik))
    # Matched pairs: coxph(..., cluster = pair) on the matched subjects.
    cox[[paste0("matched_cluster_", ties)]] <-
      cox_single(coxph(Surv(time, event) ~ group, data = d[matched, ], cluster = pair, ties = ties), TRUE)
    # Multivariable: group + covariates, with the PH test cox.zph(transform = "km", terms = TRUE).
    multi <- coxph(multi_formula, data = d, ties = ties)
    ms <- summary(multi)
    zph <- cox.zph(multi, transform = "km", terms = TRUE)$table
    cox[[paste0("multivariable_", ties)]] <- list(
      terms = I(term_names(names(coef(multi)), d, categorical)),
      coef = I(unname(coef(multi))),
      se = I(unname(sqrt(diag(multi$var)))),
      p = I(unname(ms$coefficients[, "Pr(>|z|)"])),
      hr = I(unname(exp(coef(multi)))),
      lower = I(unname(ms$conf.int[, "lower .95"])),
      upper = I(unname(ms$conf.int[, "upper .95"])),
      loglik = multi$loglik,
      ph_test = list(terms = rownames(zph), chisq = unname(zph[, "chisq"]), df = unname(zph[, "df"]),
                     p = unname(zph[, "p"])))
  }

  # Stratified log-rank and Peto-Peto: survdiff(Surv(time, event) ~ group + strata(stratum), rho = 0 / 1).
  stratified_test <- function(rho) {
    sd_fit <- survdiff(strata_formula, data = d, rho = rho)
    list(chisq = sd_fit$chisq, p = pchisq(sd_fit$chisq, length(sd_fit$n) - 1, lower.tail = FALSE))
  }

  # RMST up to tau: summary(survfit(...), rmean = tau)$table; difference treated - control with a Wald CI.
  rmst_table <- summary(survfit(Surv(time, event) ~ group, data = d), rmean = tau)$table
  rmst_groups <- data.frame(group = strata_group(rownames(rmst_table)), estimate = unname(rmst_table[, "rmean"]),
                            std_err = unname(rmst_table[, "se(rmean)"]))
  difference <- wald(rmst_groups$estimate[2] - rmst_groups$estimate[1], sqrt(sum(rmst_groups$std_err^2)))

  write_json_file(list(
    dataset = name, rows = nrow(d), treated = treated_label, control = control_label,
    covariates = I(covariates), categorical = I(categorical), stratum_from = stratum_from, tau = tau,
    produced_by = paste0(r_version, ", ", survival_version, ", ", matchit_version),
    ps_model = list(terms = I(term_names(rownames(ps_coef), d, categorical)),
                    coefficient = I(unname(ps_coef[, "Estimate"])), std_err = I(unname(ps_coef[, "Std. Error"])),
                    z = I(unname(ps_coef[, "z value"])), p = I(unname(ps_coef[, "Pr(>|z|)"]))),
    subjects = data.frame(id = d$id, ps = ps, w_ate = w$ATE, w_ate_stab = w$ATE_stabilized, w_att = w$ATT,
                          w_ato = w$ATO),
    ess = ess,
    balance = balance,
    matching = list(pairs = pairs, n_matched_pairs = nrow(pairs), caliper_logit = caliper_logit),
    matching_has_ties = anyDuplicated(ps) > 0,
    balance_matched = matched_balance_rows(columns, treated, matched),
    weighted_km = weighted_km,
    cox = cox,
    stratified_tests = list(logrank = stratified_test(0), peto_peto = stratified_test(1)),
    rmst = list(tau = tau, groups = rmst_groups, difference = difference)),
    file.path("adjusted", paste0(name, ".json")))
}

subject_ids <- function(n) sprintf("s%04d", seq_len(n))

# survival::ovarian: treated = rx 2 (cyclophosphamide + adriamycin), residual = resid.ds (1 no, 2 yes),
# ecog = ecog.ps; stratum = residual.
adj_ovarian <- with(survival::ovarian, data.frame(
  id = subject_ids(length(futime)), time = futime, event = fustat,
  group = ifelse(rx == 2, "cyclo+adriamycin", "cyclophosphamide"), age = age,
  residual = ifelse(resid.ds == 2, "yes", "no"), ecog = ecog.ps))
adj_ovarian$stratum <- adj_ovarian$residual
adjusted_reference("adj_ovarian", adj_ovarian, "cyclo+adriamycin", "cyclophosphamide",
                   covariates = c("age", "residual", "ecog"), categorical = "residual", stratum_from = "residual",
                   tau = 700)

# survival::cgd, first event per subject: the row with enum == 1 (ids numbered in cgd id order) (time = tstop, event = status); treated = rIFN-g;
# hospital = hos.cat with ":" written as "-"; stratum = hospital.
cgd_first <- survival::cgd[survival::cgd$enum == 1, ]
cgd_first <- cgd_first[order(cgd_first$id), ]
adj_cgd <- with(cgd_first, data.frame(
  id = subject_ids(length(id)), time = tstop, event = status,
  group = ifelse(treat == "rIFN-g", "interferon", "placebo"), age = age, sex = as.character(sex),
  inherit = as.character(inherit), steroids = steroids, hospital = sub(":", "-", as.character(hos.cat))))
adj_cgd$stratum <- adj_cgd$hospital
adjusted_reference("adj_cgd", adj_cgd, "interferon", "placebo",
                   covariates = c("age", "sex", "inherit", "steroids", "hospital"),
                   categorical = c("sex", "inherit", "hospital"), stratum_from = "hospital", tau = 300)

# ---------------------------------------------------------------------------------------------------------------
# adjusted/weighted_stratified_cluster.json: weights, strata and a cluster in one Cox model, with cox.zph, on the two
# datasets above (read back from the files just written): the stratum variable leaves the covariates, the weights are
# the ATE weights, the clusters are consecutive triples of rows.
# ---------------------------------------------------------------------------------------------------------------

weighted_stratified_cluster <- function(name, covariates, categorical) {
  d <- read.csv(file.path(out_folder, "adjusted", paste0(name, ".csv")))
  ref <- fromJSON(file.path(out_folder, "adjusted", paste0(name, ".json")))
  d$group <- factor(d$group, levels = c(ref$control, ref$treated))
  for (v in categorical) d[[v]] <- factor(d[[v]], levels = byte_order(d[[v]]))
  d$w <- ref$subjects$w_ate
  d$cl <- rep(seq_len(ceiling(nrow(d) / 3)), each = 3)[seq_len(nrow(d))]
  f <- reformulate(c("group", covariates, "strata(stratum)"), response = quote(Surv(time, event)))
  out <- list()
  for (ties in c("efron", "breslow")) {
    fit <- coxph(f, data = d, weights = w, cluster = cl, ties = ties)
    s <- summary(fit)
    z <- cox.zph(fit, transform = "km", terms = TRUE)$table
    out[[ties]] <- list(coef = unname(coef(fit)), se = unname(sqrt(diag(fit$naive.var))), robust_se = unname(sqrt(diag(fit$var))),
      p = unname(s$coefficients[, "Pr(>|z|)"]), loglik = fit$loglik,
      ph_test = list(terms = rownames(z), chisq = unname(z[, "chisq"]), df = unname(z[, "df"]), p = unname(z[, "p"])))
  }
  out
}

write_json_file(list(
  produced_by = paste0(r_version, ", ", survival_version),
  call = "coxph(Surv(time, event) ~ group + covariates + strata(stratum), weights = w_ate, cluster = cl, ties) with cl = consecutive triples of rows; cox.zph(fit, transform = 'km', terms = TRUE)",
  adj_ovarian = weighted_stratified_cluster("adj_ovarian", c("age", "ecog"), character(0)),
  adj_cgd = weighted_stratified_cluster("adj_cgd", c("age", "sex", "inherit", "steroids"), c("sex", "inherit"))),
  file.path("adjusted", "weighted_stratified_cluster.json"))

# ---------------------------------------------------------------------------------------------------------------
# demo/demo_followup.json: median follow-up of the demo cohort's OS and the test of a difference in follow-up.
# The input demo/demo_os.csv is the demo cohort's OS as the API derives it (time in months, event, arm), read from
# this folder, not written by this script: one row per patient, from the compare response's os.groups[].curve.
# ---------------------------------------------------------------------------------------------------------------

demo_os <- read.csv(file.path(script_folder(), "demo", "demo_os.csv"))
demo_os$group <- factor(demo_os$group, levels = c("RT+PD1", "TACE+Sorafenib"))
dir.create(file.path(out_folder, "demo"), recursive = TRUE, showWarnings = FALSE)
demo_followup <- survdiff(Surv(time, 1 - event) ~ group, data = demo_os)
write_json_file(list(
  produced_by = paste0(r_version, ", ", survival_version),
  call = "survdiff(Surv(time, 1 - event) ~ group, data = demo_os); quantile(survfit(Surv(time, 1 - event) ~ group, data = demo_os), 0.5)",
  median_followup_reverse_km = median_rows(survfit(Surv(time, 1 - event) ~ group, data = demo_os)),
  median_followup_logrank = c(chisq_test(demo_followup$chisq, length(demo_followup$n) - 1),
                              list(observed = demo_followup$obs, expected = demo_followup$exp))),
  file.path("demo", "demo_followup.json"))
