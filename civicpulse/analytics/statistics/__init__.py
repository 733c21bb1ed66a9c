"""Fair statistics for the dashboards: pure functions over plain numbers, no database.

- ``estimates``: the small result types every function returns.
- ``summaries``: mean, share satisfied and NPS of 0-10 scores (raw or as a histogram).
- ``comparisons``: differences of means and of proportions, period or group against another.
- ``rankings``: empirical-Bayes shrunk means, Wilson lower bounds, funnel plot limits.
- ``trends``: weighted least-squares slope per week with its interval.
- ``attention``: the "needs attention" list (lowest shrunk means, steepest reliable falls).
- ``interventions``: interrupted time series and difference-in-differences.
- ``regression``: the OLS/WLS fit behind them (classical, Newey-West or cluster-robust).
- ``drivers``: Johnson's relative weights of sub-ratings.
- ``drift``: lower CUSUM and EWMA charts that spot a sustained drop.

Degenerate input (no data, one value, no variation) gives ``None`` intervals and a
``Reason`` code for the dashboard to translate, never NaN or an exception; malformed input
(a histogram of the wrong length, negative counts) raises ``ValueError`` because it is a
programming error, not a data condition.
"""
