//! Closed demographic accounting: bilateral flows from two place-of-birth x residence stock
//! tables, births and deaths (Abel & Sander 2014; Abel 2018; Abel & Cohen 2019).

use super::ipf::{fit_margins, fit_three_way};
use super::{check_counts, BirthplaceTables, EstimateError, Fit, FitControl, Matrix, Stayers};

/// Settings of [`demographic_closed`]; the default is `migest::ffs_demo`'s default.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ClosedOptions {
    /// Stayers maximised (minimum migration, the default) or fitted by independence.
    pub stayers: Stayers,
    /// Origin x destination prior of the three-way fit (e.g. a distance table, as in `migest`'s
    /// documented example); `None` = 1 for every pair. Its diagonal is ignored under
    /// [`Stayers::Maximised`].
    pub seed: Option<Matrix>,
    /// Tolerance and iteration limit of every fit.
    pub control: FitControl,
}

/// The estimate with everything needed to check and cite it.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowEstimate {
    /// Origin (residence at the start) x destination (residence at the end), persons over the
    /// period, summed over places of birth. The diagonal holds the stayers; see
    /// [`Matrix::inflows`], [`Matrix::outflows`], [`Matrix::migrants`].
    pub flows: Matrix,
    /// The same flows by place of birth, `[birthplace][origin][destination]`.
    pub by_birthplace: BirthplaceTables,
    /// Deaths allocated to place of birth x residence (subtracted from the start stocks).
    pub deaths: Matrix,
    /// Births allocated to place of birth x residence (subtracted from the end stocks).
    pub births: Matrix,
    /// Start stocks after deaths and the rescaling: the origin totals of every place-of-birth
    /// table.
    pub start_adjusted: Matrix,
    /// End stocks after births and the rescaling: the destination totals.
    pub end_adjusted: Matrix,
    /// The fit that rescaled both stock tables to common place-of-birth totals.
    pub rescale_fit: Fit,
    /// The three-way fit of the flows.
    pub flow_fit: Fit,
    /// What was adjusted on the way (global rescaling, clipped values...), for the reader.
    pub notes: Vec<String>,
}

impl FlowEstimate {
    /// Both fits taken together (converged only if both did).
    pub fn fit(&self) -> Fit {
        self.rescale_fit.combine(self.flow_fit)
    }

    /// Net migration of each area implied by the adjusted stocks: population at the end less
    /// births, minus population at the start less deaths. The estimated flows reproduce it:
    /// `inflows - outflows` equals it for every area.
    pub fn adjusted_change(&self) -> Vec<f64> {
        self.end_adjusted
            .col_sums()
            .iter()
            .zip(self.start_adjusted.col_sums())
            .map(|(e, s)| e - s)
            .collect()
    }
}

/// Bilateral migrant transitions by closed demographic accounting, the method of Abel & Sander
/// (2014) and Abel (2018) with the defaults of `migest::ffs_demo` (as compared in Abel & Cohen
/// 2019 as "demographic accounting, closed, minimisation"; with [`Stayers::Independent`] the
/// independence model of Azose & Raftery 2019).
///
/// `start` and `end` are stock tables, rows = place of birth, columns = place of residence, at
/// the start and end of the period, for a closed system (every area that sends or receives, and
/// the native-born on the diagonal); `births` and `deaths` are the persons born and died in each
/// area of residence over the period. All areas in the same order. Steps:
/// 1. **Global balance before the demographic adjustment** (`match_global =
///    "before-demo-adjust"`): if the world's stock change differs from births minus deaths, the
///    end table is scaled so that it matches (our reading: the end table is the one scaled).
/// 2. **Deaths in proportion** (`death_method = "proportion"`): the deaths of each area are shared
///    among its start stocks in proportion to their size (the same mortality for natives and every
///    foreign-born group), and subtracted from the start table.
/// 3. **Births to natives** (`birth_method = "native"`, `birth_non_negative = TRUE`): births are
///    born in their area of residence and subtracted from its native-born end stock; in an area
///    where they exceed it, all its births are spread over its whole end population in proportion
///    (the rule `migest` documents for its earlier `b.deduct = "native.gt0"`; our reading of
///    "non-negative"), and clipped with a note where even that is not enough.
/// 4. **Rescaled place-of-birth totals** (`match_birthplace_tot_method = "rescale"`): persons born
///    in `k` alive at both dates must be as many at the start as at the end; both adjusted tables
///    are refitted by IPF to the mean of their two place-of-birth totals, keeping each table's own
///    residence totals, so that every area's net migration stays the change in its population less
///    natural increase (our reading: the common target is the mean of the two totals).
/// 5. **Three-way fit** (Abel 2013): for each place of birth, the origin x destination table
///    between its adjusted start and end distributions ([`super::ipf::fit_three_way`]), stayers
///    maximised or fitted by independence; the flow table is the sum over places of birth.
///
/// Counts must be finite and non-negative; the tables square and of one size. Where the data
/// are inconsistent (deaths larger than a population, births larger than its end stock, a place
/// of birth present in one table only), the values are clipped or the fit left unconverged, and
/// [`FlowEstimate::notes`] and [`FlowEstimate::fit`] say so.
pub fn demographic_closed(
    start: &Matrix,
    end: &Matrix,
    births: &[f64],
    deaths: &[f64],
    options: &ClosedOptions,
) -> Result<FlowEstimate, EstimateError> {
    check_inputs(start, end, births, deaths, options)?;
    let control = options.control;
    let mut notes = Vec::new();
    let end = balance_world(start, end, births, deaths, control, &mut notes);
    let deaths = allocate_deaths(start, deaths, &mut notes);
    let births = allocate_births(&end, births, &mut notes);
    let mut start_adj = subtract_clipped(start, &deaths, "start stocks less deaths", &mut notes);
    let mut end_adj = subtract_clipped(&end, &births, "end stocks less births", &mut notes);
    // Clipping or unallocated births/deaths can leave the adjusted totals apart: scale the end
    // table once more so that the rescaling can converge (migest's "after-demo-adjust").
    let (s, e) = (start_adj.total(), end_adj.total());
    if e > 0.0 && (s - e).abs() > control.tolerance * s.max(1.0) {
        scale(&mut end_adj, s / e);
        notes.push(format!(
            "adjusted end stocks scaled by {:.6} to the adjusted start total after clipping",
            s / e
        ));
    }
    let rescale_fit = match_birthplace_totals(&mut start_adj, &mut end_adj, control, &mut notes);
    let (by_birthplace, flow_fit) = fit_three_way(
        &start_adj,
        &end_adj,
        options.seed.as_ref(),
        options.stayers,
        control,
    );
    if !flow_fit.converged {
        notes.push(format!(
            "the flow fit did not converge in {} iterations (largest margin error {:.3} persons)",
            flow_fit.iterations, flow_fit.max_error
        ));
    }
    Ok(FlowEstimate {
        flows: by_birthplace.sum_over_birthplace(),
        by_birthplace,
        deaths,
        births,
        start_adjusted: start_adj,
        end_adjusted: end_adj,
        rescale_fit,
        flow_fit,
        notes,
    })
}

fn check_inputs(
    start: &Matrix,
    end: &Matrix,
    births: &[f64],
    deaths: &[f64],
    options: &ClosedOptions,
) -> Result<(), EstimateError> {
    let n = start.size();
    if n == 0 {
        return Err(EstimateError::Empty);
    }
    let sizes = [
        ("the end stock table (rows)", end.size()),
        ("births", births.len()),
        ("deaths", deaths.len()),
    ];
    for (what, found) in sizes {
        if found != n {
            return Err(EstimateError::Dimension {
                what,
                expected: n,
                found,
            });
        }
    }
    start.check_counts("the start stock table")?;
    end.check_counts("the end stock table")?;
    check_counts("births", births)?;
    check_counts("deaths", deaths)?;
    if let Some(seed) = &options.seed {
        if seed.size() != n {
            return Err(EstimateError::Dimension {
                what: "the seed table (rows)",
                expected: n,
                found: seed.size(),
            });
        }
        seed.check_counts("the seed table")?;
    }
    options.control.check()
}

/// Step 1: the end table scaled so that the world's change equals births minus deaths.
fn balance_world(
    start: &Matrix,
    end: &Matrix,
    births: &[f64],
    deaths: &[f64],
    control: FitControl,
    notes: &mut Vec<String>,
) -> Matrix {
    let natural_increase = births.iter().sum::<f64>() - deaths.iter().sum::<f64>();
    let target = start.total() + natural_increase;
    let total = end.total();
    let mut end = end.clone();
    if total > 0.0 && target > 0.0 && (target - total).abs() > control.tolerance * total.max(1.0) {
        scale(&mut end, target / total);
        notes.push(format!(
            "end stocks scaled by {:.6} so that the system's change equals births minus deaths",
            target / total
        ));
    }
    end
}

/// Step 2: deaths by residence shared among the start stocks in proportion to their size.
fn allocate_deaths(start: &Matrix, deaths: &[f64], notes: &mut Vec<String>) -> Matrix {
    let n = start.size();
    let population = start.col_sums();
    let mut allocated = Matrix::zeros(n);
    for (i, (&d, &p)) in deaths.iter().zip(&population).enumerate() {
        if d > 0.0 && p <= 0.0 {
            notes.push(format!(
                "deaths of area {} left out: no persons there at the start",
                i + 1
            ));
            continue;
        }
        for k in 0..n {
            if p > 0.0 {
                allocated.set(k, i, d * start.get(k, i) / p);
            }
        }
    }
    allocated
}

/// Step 3: births to the natives of the area of residence; in an area where that would leave a
/// negative native stock, all its births are spread over its whole end population (natives and
/// foreign-born) in proportion (the documented rule of `migest`'s `b.deduct = "native.gt0"`, our
/// reading of `birth_non_negative = TRUE`).
fn allocate_births(end: &Matrix, births: &[f64], notes: &mut Vec<String>) -> Matrix {
    let n = end.size();
    let population = end.col_sums();
    let mut allocated = Matrix::zeros(n);
    for (i, (&b, &p)) in births.iter().zip(&population).enumerate() {
        if b <= end.get(i, i) || p <= 0.0 {
            // natives can take them (or nobody lives there: clipped later, with a note)
            allocated.set(i, i, b);
            continue;
        }
        notes.push(format!(
            "births of area {} exceed its native-born end stock; they are spread over its whole end population",
            i + 1
        ));
        for k in 0..n {
            allocated.set(k, i, b * end.get(k, i) / p);
        }
    }
    allocated
}

/// `a - b`, negative cells set to zero with a note.
fn subtract_clipped(a: &Matrix, b: &Matrix, what: &str, notes: &mut Vec<String>) -> Matrix {
    let mut out = a.clone();
    let mut clipped = 0.0;
    for (o, v) in out.values.iter_mut().zip(b.values()) {
        *o -= v;
        if *o < 0.0 {
            clipped -= *o;
            *o = 0.0;
        }
    }
    if clipped > 0.0 {
        notes.push(format!(
            "{what}: negative cells set to zero ({clipped:.1} persons clipped)"
        ));
    }
    out
}

fn scale(m: &mut Matrix, factor: f64) {
    m.values.iter_mut().for_each(|v| *v *= factor);
}

/// Step 4: both tables refitted to the mean of their place-of-birth totals, residence totals
/// kept.
fn match_birthplace_totals(
    start: &mut Matrix,
    end: &mut Matrix,
    control: FitControl,
    notes: &mut Vec<String>,
) -> Fit {
    let n = start.size();
    let target: Vec<f64> = start
        .row_sums()
        .iter()
        .zip(end.row_sums())
        .map(|(s, e)| (s + e) / 2.0)
        .collect();
    let start_cols = start.col_sums();
    let end_cols = end.col_sums();
    let fit_start = fit_margins(&mut start.values, n, &target, &start_cols, control);
    let fit_end = fit_margins(&mut end.values, n, &target, &end_cols, control);
    let fit = fit_start.combine(fit_end);
    if !fit.converged {
        notes.push(format!(
            "the place-of-birth totals of the two tables could not be matched exactly (largest gap {:.3} persons): a place of birth present in one table only?",
            fit.max_error
        ));
    }
    fit
}
