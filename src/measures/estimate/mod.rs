//! Bilateral migration flows *estimated* from two place-of-birth x residence stock tables.
//!
//! Open data publish migrant stocks (persons born in i living in j at a date), not flows. The
//! field's answer is to estimate the transitions between two stock tables, either crudely by
//! differencing or by demographic accounting (Abel 2013; Abel & Sander 2014; Abel 2018; Azose &
//! Raftery 2019; compared against reported flows by Abel & Cohen 2019, who find the closed
//! demographic-accounting methods best). Everything here is an **estimate** of migrant
//! transitions (people living in i at the start of the period and in j at its end), never a
//! measured flow in the sense of the UN Recommendations: every caller must say so.
//!
//! The module is pure arithmetic over plain vectors (no frames), so that the whole world (about
//! 230 areas, a 230 x 230 x 230 fit) runs in well under a second:
//! - [`Matrix`]: a square table, rows = place of birth (or origin), columns = place of residence
//!   (or destination), stored row by row in one `Vec<f64>`;
//! - [`BirthplaceTables`]: one origin x destination table per place of birth, stored contiguously;
//! - [`demographic_closed`] ([`accounting`]): the closed demographic-accounting method with the
//!   defaults of `migest::ffs_demo`, under the stayer assumption (minimum migration) or the
//!   independence model of Azose & Raftery (2019) ([`Stayers`]);
//! - [`stock_difference`] ([`differencing`]): the two stock-differencing variants of
//!   [`measures::flows`](super::flows) on the same [`Matrix`] type;
//! - [`ipf`]: the iterative proportional fits used by both.
//!
//! ## What is implemented, and what is not (and why)
//! - **Closed demographic accounting, stayer assumption** (Abel & Sander 2014; Abel 2018; the
//!   defaults of `migest::ffs_demo`): implemented ([`Stayers::Maximised`]).
//! - **Closed demographic accounting, independence model** (`stayer_assumption = FALSE`, the
//!   second ingredient of Azose & Raftery 2019): implemented ([`Stayers::Independent`]).
//! - **Pseudo-Bayesian estimate of Azose & Raftery (2019)**: *not* implemented, for three
//!   reasons that together rule out a faithful version. (1) The method combines the two fits
//!   above with the pseudo-Bayes estimator of Bishop, Fienberg & Holland (1975, ch. 12),
//!   `p~ = N/(N+K) p^ + K/(N+K) lambda` with `K` estimated from the data; what the sources
//!   available to us do not say is the level at which `N` and `K` are taken (the whole world,
//!   each place-of-birth table, or each origin row of it), and the weight changes with that
//!   choice. (2) `migest::ffs_demo` has no option for it (its documented choices are
//!   `stayer_assumption = TRUE/FALSE` only), so there is no documented example to reproduce.
//!   (3) The PNAS supplementary methods, which would settle (1), were not in the material we
//!   could read. The independence fit it shrinks towards is offered on its own
//!   ([`Stayers::Independent`], `--method demographic-closed-independent`), labelled as what it
//!   is.
//! - **Open demographic accounting** (`match_birthplace_tot_method = "open"` / `"open-dr"`, Abel
//!   2013): *not* implemented. In the open variant the place-of-birth totals of the two adjusted
//!   tables are not rescaled to agree; the difference becomes moves into and out of the system,
//!   and those moves have to be allocated over the places of residence. `migest`'s documentation
//!   names the two allocations (the 2013 paper's, `"open-dr"`, and a "more sensible" one,
//!   `"open"`) and prints their inputs (examples e3 and e4) but neither the allocation rule of
//!   `"open"` nor any output, and the 2013 paper's rule was not in the material we could read:
//!   a re-invention could not be checked against anything and would carry the paper's name
//!   without being its method. For the world as one closed system (IMS covers every country)
//!   the closed method is the one Abel & Cohen (2019) recommend.
//!
//! `migest` (R, GPL-3) was used only through its documentation and the papers; no code was
//! copied. Where the documentation leaves a detail open, the function's own documentation says
//! which reading we took.

pub mod accounting;
pub mod differencing;
pub mod ipf;
pub mod rows;
pub mod run;

pub use accounting::{demographic_closed, ClosedOptions, FlowEstimate};
pub use differencing::stock_difference;
pub use ipf::{Fit, FitControl, Stayers};

/// Bibliographic references of the methods, for output labels and documentation (the
/// catalogue's [`Document`](crate::catalogue::Document)s, described once there).
pub mod paper {
    use crate::catalogue::documents;

    /// Abel (2013): the flows-from-stocks method with place of birth.
    pub const ABEL_2013: &str = documents::ABEL_2013.citation;
    /// Abel & Sander (2014): the closed method with births, deaths and rescaled stocks.
    pub const ABEL_SANDER_2014: &str = documents::ABEL_SANDER_2014.citation;
    /// Abel (2018): flows by sex; the worked examples with births and deaths.
    pub const ABEL_2018: &str = documents::ABEL_2018.citation;
    /// Azose & Raftery (2019): the independence model and the pseudo-Bayes estimate.
    pub const AZOSE_RAFTERY_2019: &str = documents::AZOSE_RAFTERY_2019.citation;
    /// Abel & Cohen (2019): six methods compared against reported flows.
    pub const ABEL_COHEN_2019: &str = documents::ABEL_COHEN_2019.citation;
}

/// Why an estimate cannot be computed from the given tables.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EstimateError {
    /// Two inputs that must describe the same areas have different sizes.
    #[error("{what} has {found} values where {expected} are needed (one per area, in the same order as the stock tables)")]
    Dimension {
        what: &'static str,
        expected: usize,
        found: usize,
    },
    /// A value is NaN or infinite.
    #[error("{what} has a value that is not a finite number at position {index}; replace it by a number (0 for none)")]
    NotFinite { what: &'static str, index: usize },
    /// A stock, birth or death count is negative.
    #[error("{what} has a negative value ({value}) at position {index}; counts of persons cannot be negative")]
    Negative {
        what: &'static str,
        index: usize,
        value: f64,
    },
    /// The tables are empty.
    #[error("the stock tables are empty; at least one area is needed")]
    Empty,
    /// The fit settings are out of range.
    #[error("{0}")]
    Control(String),
}

impl From<EstimateError> for crate::error::Error {
    fn from(e: EstimateError) -> Self {
        match e {
            EstimateError::Control(_) => crate::error::Error::Usage(e.to_string()),
            _ => crate::error::Error::Inconsistent(e.to_string()),
        }
    }
}

/// A square table of persons, `n` x `n`, stored row by row.
///
/// For stocks, rows are places of birth and columns places of residence (the layout of UN DESA's
/// International Migrant Stock and of `migest`); for flows, rows are origins (residence at the
/// start of the period) and columns destinations (residence at its end).
#[derive(Debug, Clone, PartialEq)]
pub struct Matrix {
    n: usize,
    values: Vec<f64>,
}

impl Matrix {
    /// An `n` x `n` table of zeros.
    pub fn zeros(n: usize) -> Matrix {
        Matrix {
            n,
            values: vec![0.0; n * n],
        }
    }

    /// A table from its values listed row by row; `values.len()` must be a square number.
    pub fn from_rows(values: Vec<f64>) -> Result<Matrix, EstimateError> {
        let n = (values.len() as f64).sqrt().round() as usize;
        if n * n != values.len() {
            return Err(EstimateError::Dimension {
                what: "a square table",
                expected: n * n,
                found: values.len(),
            });
        }
        Ok(Matrix { n, values })
    }

    /// A table from its rows; every row must have as many values as there are rows.
    pub fn from_nested(rows: &[Vec<f64>]) -> Result<Matrix, EstimateError> {
        let n = rows.len();
        let mut values = Vec::with_capacity(n * n);
        for row in rows {
            if row.len() != n {
                return Err(EstimateError::Dimension {
                    what: "a row of the table",
                    expected: n,
                    found: row.len(),
                });
            }
            values.extend_from_slice(row);
        }
        Ok(Matrix { n, values })
    }

    /// Number of areas (rows = columns).
    pub fn size(&self) -> usize {
        self.n
    }

    /// The value in row `i`, column `j`.
    pub fn get(&self, i: usize, j: usize) -> f64 {
        self.values[i * self.n + j]
    }

    /// Sets the value in row `i`, column `j`.
    pub fn set(&mut self, i: usize, j: usize, value: f64) {
        self.values[i * self.n + j] = value;
    }

    /// Row `i` as a slice.
    pub fn row(&self, i: usize) -> &[f64] {
        &self.values[i * self.n..(i + 1) * self.n]
    }

    /// All values, row by row.
    pub fn values(&self) -> &[f64] {
        &self.values
    }

    /// Row totals (for stocks: persons by place of birth; for flows: out of each origin,
    /// stayers included).
    pub fn row_sums(&self) -> Vec<f64> {
        (0..self.n).map(|i| self.row(i).iter().sum()).collect()
    }

    /// Column totals (for stocks: persons by place of residence; for flows: into each
    /// destination, stayers included).
    pub fn col_sums(&self) -> Vec<f64> {
        let mut sums = vec![0.0; self.n];
        for i in 0..self.n {
            for (s, v) in sums.iter_mut().zip(self.row(i)) {
                *s += v;
            }
        }
        sums
    }

    /// Sum of all values.
    pub fn total(&self) -> f64 {
        self.values.iter().sum()
    }

    /// The diagonal (for flows: the stayers; for stocks: the native-born).
    pub fn diagonal(&self) -> Vec<f64> {
        (0..self.n).map(|i| self.get(i, i)).collect()
    }

    /// For a flow table: persons moving into each area from the others (diagonal left out).
    pub fn inflows(&self) -> Vec<f64> {
        self.col_sums()
            .iter()
            .zip(self.diagonal())
            .map(|(c, d)| c - d)
            .collect()
    }

    /// For a flow table: persons moving out of each area to the others (diagonal left out).
    pub fn outflows(&self) -> Vec<f64> {
        self.row_sums()
            .iter()
            .zip(self.diagonal())
            .map(|(r, d)| r - d)
            .collect()
    }

    /// For a flow table: all moves between different areas (the diagonal left out).
    pub fn migrants(&self) -> f64 {
        self.total() - self.diagonal().iter().sum::<f64>()
    }

    /// Checks that every value is a finite number of zero or more.
    pub(crate) fn check_counts(&self, what: &'static str) -> Result<(), EstimateError> {
        check_counts(what, &self.values)
    }
}

/// One origin x destination table per place of birth: `tables[k][i][j]` = persons born in `k`
/// living in `i` at the start of the period and in `j` at its end. Stored contiguously
/// (`k`, then `i`, then `j`) so that the fits run over contiguous memory.
#[derive(Debug, Clone, PartialEq)]
pub struct BirthplaceTables {
    n: usize,
    values: Vec<f64>,
}

impl BirthplaceTables {
    /// `n` tables of `n` x `n` zeros.
    pub fn zeros(n: usize) -> BirthplaceTables {
        BirthplaceTables {
            n,
            values: vec![0.0; n * n * n],
        }
    }

    /// Number of areas.
    pub fn size(&self) -> usize {
        self.n
    }

    /// Persons born in `birthplace`, in `origin` at the start and `destination` at the end.
    pub fn get(&self, birthplace: usize, origin: usize, destination: usize) -> f64 {
        self.values[(birthplace * self.n + origin) * self.n + destination]
    }

    /// The origin x destination table of one place of birth, row by row.
    pub fn table(&self, birthplace: usize) -> &[f64] {
        let m = self.n * self.n;
        &self.values[birthplace * m..(birthplace + 1) * m]
    }

    pub(crate) fn table_mut(&mut self, birthplace: usize) -> &mut [f64] {
        let m = self.n * self.n;
        &mut self.values[birthplace * m..(birthplace + 1) * m]
    }

    /// The origin x destination flow table summed over places of birth (`migest::sum_od`).
    pub fn sum_over_birthplace(&self) -> Matrix {
        let mut flows = Matrix::zeros(self.n);
        for k in 0..self.n {
            for (f, v) in flows.values.iter_mut().zip(self.table(k)) {
                *f += v;
            }
        }
        flows
    }
}

/// Checks that every value is a finite number of zero or more.
pub(crate) fn check_counts(what: &'static str, values: &[f64]) -> Result<(), EstimateError> {
    for (index, &value) in values.iter().enumerate() {
        if !value.is_finite() {
            return Err(EstimateError::NotFinite { what, index });
        }
        if value < 0.0 {
            return Err(EstimateError::Negative { what, index, value });
        }
    }
    Ok(())
}
