//! Iterative proportional fitting (IPF): the two-way fit to known row and column totals, and the
//! three-way origin x destination x place-of-birth fit of Abel (2013) built from it.
//!
//! IPF (Deming & Stephan 1940) scales a seed table alternately so that its rows and then its
//! columns add up to the known totals; it converges to the maximum-likelihood fit of the log-linear
//! model `log y_ij = a_i + b_j + log m_ij` (m the seed), and zeros of the seed stay zero
//! (structural zeros). Tables are flat `&mut [f64]` slices, row by row, so every inner loop runs
//! over contiguous memory.

use super::{BirthplaceTables, EstimateError, Matrix};

/// When to stop fitting.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FitControl {
    /// Stop when no row or column total is further from its target than `tolerance` times the
    /// table's total (or `tolerance` persons for tables under one person).
    pub tolerance: f64,
    /// Stop after this many row-and-column sweeps even when not converged.
    pub max_iterations: usize,
}

impl Default for FitControl {
    /// A relative tolerance of 1e-10 (0.1 person in a billion) and at most 10,000 sweeps.
    fn default() -> Self {
        FitControl {
            tolerance: 1e-10,
            max_iterations: 10_000,
        }
    }
}

impl FitControl {
    pub(crate) fn check(&self) -> Result<(), EstimateError> {
        if !(self.tolerance.is_finite() && self.tolerance > 0.0) {
            return Err(EstimateError::Control(format!(
                "the fit tolerance must be a positive number, got {}",
                self.tolerance
            )));
        }
        if self.max_iterations == 0 {
            return Err(EstimateError::Control(
                "the fit needs at least one iteration (max_iterations >= 1)".into(),
            ));
        }
        Ok(())
    }
}

/// How a fit ended: returned with every estimate so that a reader can judge it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fit {
    /// Row-and-column sweeps run (the largest over the tables of a multi-table fit).
    pub iterations: usize,
    /// Largest distance, in persons, of a fitted row or column total from its target.
    pub max_error: f64,
    /// Whether `max_error` fell within the tolerance.
    pub converged: bool,
}

impl Fit {
    /// A fit that needed no iteration (nothing to fit).
    pub fn exact() -> Fit {
        Fit {
            iterations: 0,
            max_error: 0.0,
            converged: true,
        }
    }

    /// Two fits taken together: the worst of both.
    pub fn combine(self, other: Fit) -> Fit {
        Fit {
            iterations: self.iterations.max(other.iterations),
            max_error: self.max_error.max(other.max_error),
            converged: self.converged && other.converged,
        }
    }
}

/// How the stayers (the diagonal of each place-of-birth table) are treated in the three-way fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Stayers {
    /// Quasi-independence with the diagonal fixed at its largest possible value,
    /// `min(start stock, end stock)`: the fewest moves that reconcile the two stock tables
    /// ("minimum migration"; Abel 2013; Abel & Sander 2014; `migest::ffs_demo`'s default
    /// `stayer_assumption = TRUE`).
    #[default]
    Maximised,
    /// Independence: stayers fitted like every other cell (`stayer_assumption = FALSE`, the model
    /// Azose & Raftery 2019 smooth towards). Gives more, and return, moves.
    Independent,
}

/// Two-way IPF in place: scales `table` (`n_rows` x `n_cols`, row by row, holding the seed on
/// entry) until its row totals are `rows` and its column totals `cols` (Deming & Stephan 1940;
/// the `ipf2` of Abel 2013). Zeros of the seed stay zero. The totals of `rows` and `cols` must
/// agree, or the fit cannot converge (it stops after `control.max_iterations` and says so).
pub fn fit_margins(
    table: &mut [f64],
    n_cols: usize,
    rows: &[f64],
    cols: &[f64],
    control: FitControl,
) -> Fit {
    debug_assert_eq!(table.len(), rows.len() * n_cols);
    debug_assert_eq!(cols.len(), n_cols);
    let row_total: f64 = rows.iter().sum();
    let col_total: f64 = cols.iter().sum();
    let scale = row_total.max(1.0);
    // Totals that differ only by the rounding of an earlier fit are made to agree exactly, or the
    // fit would stall at that rounding; a real disagreement is left for the caller to see.
    let reconciled: Vec<f64>;
    let cols = if col_total > 0.0 && (row_total - col_total).abs() <= control.tolerance * scale {
        reconciled = cols.iter().map(|c| c * row_total / col_total).collect();
        &reconciled[..]
    } else {
        cols
    };
    let mut col_sums = vec![0.0; n_cols];
    let mut fit = Fit {
        iterations: 0,
        max_error: f64::INFINITY,
        converged: false,
    };
    while fit.iterations < control.max_iterations {
        fit.iterations += 1;
        scale_rows(table, n_cols, rows);
        sum_columns(table, n_cols, &mut col_sums);
        // column factors: a column with no seed cell cannot be filled and stays empty
        for (s, &target) in col_sums.iter_mut().zip(cols) {
            *s = if *s > 0.0 { target / *s } else { 0.0 };
        }
        for row in table.chunks_exact_mut(n_cols.max(1)) {
            for (v, f) in row.iter_mut().zip(&col_sums) {
                *v *= f;
            }
        }
        fit.max_error = margin_error(table, n_cols, rows, cols, &mut col_sums);
        if fit.max_error <= control.tolerance * scale {
            fit.converged = true;
            break;
        }
    }
    fit
}

fn scale_rows(table: &mut [f64], n_cols: usize, rows: &[f64]) {
    for (row, &target) in table.chunks_exact_mut(n_cols.max(1)).zip(rows) {
        let sum: f64 = row.iter().sum();
        // a row with no seed cell cannot be filled and stays empty
        let f = if sum > 0.0 { target / sum } else { 0.0 };
        row.iter_mut().for_each(|v| *v *= f);
    }
}

fn sum_columns(table: &[f64], n_cols: usize, sums: &mut [f64]) {
    sums.iter_mut().for_each(|s| *s = 0.0);
    for row in table.chunks_exact(n_cols.max(1)) {
        for (s, v) in sums.iter_mut().zip(row) {
            *s += v;
        }
    }
}

/// Largest distance of a row or column total from its target (`work` is scratch space).
fn margin_error(table: &[f64], n_cols: usize, rows: &[f64], cols: &[f64], work: &mut [f64]) -> f64 {
    let mut error: f64 = 0.0;
    for (row, &target) in table.chunks_exact(n_cols.max(1)).zip(rows) {
        error = error.max((row.iter().sum::<f64>() - target).abs());
    }
    sum_columns(table, n_cols, work);
    for (s, &target) in work.iter().zip(cols) {
        error = error.max((s - target).abs());
    }
    error
}

/// Fits one place-of-birth table (`n` x `n`, origin x destination, written to `out`) to its
/// origin totals `rows` (the stocks at the start by residence) and destination totals `cols` (at
/// the end), under the given stayer assumption, with the optional origin x destination `seed`.
///
/// Under [`Stayers::Maximised`] the diagonal is fixed at `min(rows[i], cols[i])` and the rest of
/// the table follows quasi-independence: `y_ij = a_i b_j m_ij` for `i != j` (Abel 2013, the
/// `ipf3_qi` model with a saturated diagonal). With the diagonal at its maximum, every area is
/// left with either spare origin total or spare destination total, never both, so the movers form
/// a senders x receivers table with no diagonal cell, fitted by [`fit_margins`].
///
/// `rows` and `cols` must have the same total; the destination totals are scaled to the origin
/// total first, which removes the rounding left by the fits that produced them.
pub fn fit_birthplace_table(
    out: &mut [f64],
    rows: &[f64],
    cols: &[f64],
    seed: Option<&Matrix>,
    stayers: Stayers,
    control: FitControl,
) -> Fit {
    let n = rows.len();
    let (row_total, col_total) = (rows.iter().sum::<f64>(), cols.iter().sum::<f64>());
    let reconciled: Vec<f64>;
    let cols = if col_total > 0.0 && row_total != col_total {
        reconciled = cols.iter().map(|c| c * row_total / col_total).collect();
        &reconciled[..]
    } else {
        cols
    };
    let seed_at = |i: usize, j: usize| seed.map_or(1.0, |m| m.get(i, j));
    match stayers {
        Stayers::Independent => {
            for i in 0..n {
                for j in 0..n {
                    out[i * n + j] = seed_at(i, j);
                }
            }
            fit_margins(out, n, rows, cols, control)
        }
        Stayers::Maximised => {
            out.iter_mut().for_each(|v| *v = 0.0);
            let mut senders = Vec::new();
            let mut receivers = Vec::new();
            for i in 0..n {
                let stay = rows[i].min(cols[i]);
                out[i * n + i] = stay;
                if rows[i] > stay {
                    senders.push((i, rows[i] - stay));
                }
                if cols[i] > stay {
                    receivers.push((i, cols[i] - stay));
                }
            }
            if senders.is_empty() && receivers.is_empty() {
                return Fit::exact();
            }
            let width = receivers.len();
            let mut movers = Vec::with_capacity(senders.len() * width);
            for &(i, _) in &senders {
                movers.extend(receivers.iter().map(|&(j, _)| seed_at(i, j)));
            }
            let send: Vec<f64> = senders.iter().map(|s| s.1).collect();
            let receive: Vec<f64> = receivers.iter().map(|r| r.1).collect();
            let fit = fit_margins(&mut movers, width, &send, &receive, control);
            for (s, &(i, _)) in senders.iter().enumerate() {
                for (r, &(j, _)) in receivers.iter().enumerate() {
                    out[i * n + j] = movers[s * width + r];
                }
            }
            fit
        }
    }
}

/// The three-way origin x destination x place-of-birth fit (Abel 2013; `ipf3_qi` / `ipf3` of
/// `migest`): for every place of birth `k`, the origin x destination table whose origin totals
/// are row `k` of `start` and destination totals row `k` of `end` (stocks: rows = place of birth,
/// columns = residence). The model has no origin x destination interaction beyond the seed, so the
/// fit separates into one two-way fit per place of birth ([`fit_birthplace_table`]). Each row of
/// `start` must add up to the same row of `end`.
pub fn fit_three_way(
    start: &Matrix,
    end: &Matrix,
    seed: Option<&Matrix>,
    stayers: Stayers,
    control: FitControl,
) -> (BirthplaceTables, Fit) {
    let n = start.size();
    let mut tables = BirthplaceTables::zeros(n);
    let mut fit = Fit::exact();
    for k in 0..n {
        let f = fit_birthplace_table(
            tables.table_mut(k),
            start.row(k),
            end.row(k),
            seed,
            stayers,
            control,
        );
        fit = fit.combine(f);
    }
    (tables, fit)
}
