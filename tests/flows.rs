//! Flows estimated from stocks (`measures::estimate`): the worked examples documented with
//! `migest::ffs_demo` (from Abel 2013, Abel & Sander 2014, Abel 2018, Abel & Cohen 2019), each
//! recomputed by a small reference implementation written here independently (nested loops over
//! fixed 4 x 4 arrays, the fits done the classic way, cell by cell), and the invariants of the
//! methods on random tables.

// The reference implementation is written as the plain index loops of the papers' notation, on
// purpose unlike the library's slice code.
#![allow(clippy::needless_range_loop)]

use miglab::measures::estimate::run::{embedded_stock_tables, flow_table, FlowMethod};
use miglab::measures::estimate::{
    demographic_closed, stock_difference, ClosedOptions, FitControl, FlowEstimate, Matrix, Stayers,
};
use miglab::measures::flows::{flow_return, flow_zero, Variant};
use proptest::prelude::*;
use std::collections::HashMap;

mod common;

const N: usize = 4;
type M4 = [[f64; N]; N];

// ---------------------------------------------------------------------------------------------
// The documented inputs. R fills a matrix column by column unless told `byrow = TRUE`: the first
// two tables of the examples are given row by row, every later `s1[,] <- c(...)` column by column.

fn by_row(v: [f64; 16]) -> M4 {
    let mut m = [[0.0; N]; N];
    for i in 0..N {
        for j in 0..N {
            m[i][j] = v[i * N + j];
        }
    }
    m
}

fn by_col(v: [f64; 16]) -> M4 {
    let mut m = [[0.0; N]; N];
    for j in 0..N {
        for i in 0..N {
            m[i][j] = v[j * N + i];
        }
    }
    m
}

#[derive(Clone)]
struct Example {
    name: &'static str,
    start: M4,
    end: M4,
    births: [f64; N],
    deaths: [f64; N],
    seed: Option<M4>,
}

fn examples() -> Vec<Example> {
    let zero = [0.0; N];
    // e0: Abel (2013) Demographic Research and Abel & Sander (2014) Science
    let e0 = Example {
        name: "e0",
        start: by_row([
            1000., 100., 10., 0., 55., 555., 50., 5., 80., 40., 800., 40., 20., 25., 20., 200.,
        ]),
        end: by_row([
            950., 100., 60., 0., 80., 505., 75., 5., 90., 30., 800., 40., 40., 45., 0., 180.,
        ]),
        births: zero,
        deaths: zero,
        seed: None,
    };
    // e1: Abel (2018) International Migration Review
    let imr_start = by_col([
        100., 20., 10., 20., 10., 55., 40., 25., 10., 25., 140., 20., 0., 10., 65., 200.,
    ]);
    let e1 = Example {
        name: "e1",
        start: imr_start,
        end: by_col([
            70., 25., 10., 40., 30., 60., 55., 45., 10., 10., 140., 0., 10., 15., 50., 180.,
        ]),
        births: zero,
        deaths: zero,
        seed: None,
    };
    // e2: the same with a distance table as seed
    let e2 = Example {
        name: "e2",
        seed: Some(by_row([
            0., 5., 50., 500., 5., 0., 45., 495., 50., 45., 0., 450., 500., 495., 450., 0.,
        ])),
        ..e1.clone()
    };
    // e5: Abel & Sander (2014) supplementary material, with births and deaths
    let e5 = Example {
        name: "e5",
        start: by_col([
            1000., 55., 80., 20., 100., 555., 40., 25., 10., 50., 800., 20., 0., 5., 40., 200.,
        ]),
        end: by_col([
            1060., 45., 70., 30., 60., 540., 75., 30., 10., 40., 770., 20., 10., 0., 70., 230.,
        ]),
        births: [80., 20., 60., 60.],
        deaths: [70., 30., 50., 10.],
        seed: None,
    };
    // e6: Abel (2018) supplementary material, with births and deaths
    let e6 = Example {
        name: "e6",
        start: imr_start,
        end: by_col([
            75., 20., 30., 30., 25., 45., 40., 30., 5., 30., 150., 20., 0., 15., 60., 230.,
        ]),
        births: [10., 50., 25., 60.],
        deaths: [30., 10., 40., 10.],
        seed: None,
    };
    // e7: Abel & Cohen (2019) Scientific Data
    let e7 = Example {
        name: "e7",
        start: by_col([
            100., 80., 30., 60., 10., 180., 10., 70., 10., 10., 140., 10., 0., 90., 40., 160.,
        ]),
        end: by_col([
            95., 75., 55., 35., 5., 225., 0., 25., 15., 5., 115., 25., 5., 55., 50., 215.,
        ]),
        births: zero,
        deaths: zero,
        seed: None,
    };
    vec![e0, e1, e2, e5, e6, e7]
}

// ---------------------------------------------------------------------------------------------
// Reference implementation: the same steps, written plainly.

// Tolerances of the reference fits, in persons (the tables hold hundreds to thousands): the
// rescaling is fitted tightly, so that the place-of-birth tables after it, whose totals agree only
// up to its tolerance, can still be fitted well within the 1e-6 compared.
const RESCALE_TOL: f64 = 1e-11;
const FLOW_TOL: f64 = 1e-8;

fn total(m: &M4) -> f64 {
    m.iter().flatten().sum()
}

/// Classic two-way IPF of `m` (its own seed) to row totals `r` and column totals `c`.
fn ref_ipf(m: &mut M4, r: [f64; N], c: [f64; N], tol: f64) {
    for _ in 0..100_000 {
        for i in 0..N {
            let s: f64 = (0..N).map(|j| m[i][j]).sum();
            for j in 0..N {
                if s > 0.0 {
                    m[i][j] *= r[i] / s;
                }
            }
        }
        for j in 0..N {
            let s: f64 = (0..N).map(|i| m[i][j]).sum();
            for i in 0..N {
                if s > 0.0 {
                    m[i][j] *= c[j] / s;
                }
            }
        }
        let worst = (0..N)
            .map(|i| ((0..N).map(|j| m[i][j]).sum::<f64>() - r[i]).abs())
            .fold(0.0, f64::max);
        if worst < tol {
            return;
        }
    }
    panic!("reference IPF did not converge");
}

/// Quasi-independent fit of one table: diagonal fixed at min(r, c), off-diagonal cells scaled
/// row by row and column by column to what the diagonal leaves.
fn ref_stayers_maximised(r: [f64; N], c: [f64; N], seed: &M4) -> M4 {
    let mut y = [[0.0; N]; N];
    for i in 0..N {
        for j in 0..N {
            y[i][j] = if i == j { r[i].min(c[i]) } else { seed[i][j] };
        }
    }
    for _ in 0..100_000 {
        for i in 0..N {
            let want = r[i] - y[i][i];
            let have: f64 = (0..N).filter(|&j| j != i).map(|j| y[i][j]).sum();
            for j in (0..N).filter(|&j| j != i) {
                y[i][j] = if have > 0.0 {
                    y[i][j] * want / have
                } else {
                    0.0
                };
            }
        }
        for j in 0..N {
            let want = c[j] - y[j][j];
            let have: f64 = (0..N).filter(|&i| i != j).map(|i| y[i][j]).sum();
            for i in (0..N).filter(|&i| i != j) {
                y[i][j] = if have > 0.0 {
                    y[i][j] * want / have
                } else {
                    0.0
                };
            }
        }
        let worst = (0..N)
            .map(|i| ((0..N).map(|j| y[i][j]).sum::<f64>() - r[i]).abs())
            .fold(0.0, f64::max);
        if worst < FLOW_TOL {
            return y;
        }
    }
    panic!("reference quasi-independent fit did not converge");
}

fn reference_flows(e: &Example, stayers: Stayers) -> M4 {
    let (mut s1, mut s2) = (e.start, e.end);
    // 1. the end table scaled so that the change equals births - deaths
    let target = total(&s1) + e.births.iter().sum::<f64>() - e.deaths.iter().sum::<f64>();
    let factor = target / total(&s2);
    for row in s2.iter_mut() {
        for v in row.iter_mut() {
            *v *= factor;
        }
    }
    // 2. deaths in proportion to the start stocks of each residence
    for j in 0..N {
        let pop: f64 = (0..N).map(|k| e.start[k][j]).sum();
        for row in s1.iter_mut() {
            row[j] -= e.deaths[j] * row[j] / pop;
        }
    }
    // 3. births to natives, or over the whole end population of an area where they are more
    //    than its natives (e6, area B)
    for i in 0..N {
        if e.births[i] <= s2[i][i] {
            s2[i][i] -= e.births[i];
        } else {
            let pop: f64 = (0..N).map(|k| s2[k][i]).sum();
            for row in s2.iter_mut() {
                row[i] -= e.births[i] * row[i] / pop;
            }
        }
    }
    // 4. both tables refitted to the mean place-of-birth totals, residence totals kept
    let mut pob = [0.0; N];
    for k in 0..N {
        pob[k] = (s1[k].iter().sum::<f64>() + s2[k].iter().sum::<f64>()) / 2.0;
    }
    let col = |m: &M4| {
        let mut c = [0.0; N];
        for j in 0..N {
            c[j] = (0..N).map(|k| m[k][j]).sum();
        }
        c
    };
    let (c1, c2) = (col(&s1), col(&s2));
    ref_ipf(&mut s1, pob, c1, RESCALE_TOL);
    ref_ipf(&mut s2, pob, c2, RESCALE_TOL);
    // 5. one origin x destination table per place of birth, summed
    let seed = e.seed.unwrap_or([[1.0; N]; N]);
    let mut flows = [[0.0; N]; N];
    for k in 0..N {
        let table = match stayers {
            Stayers::Maximised => ref_stayers_maximised(s1[k], s2[k], &seed),
            Stayers::Independent => {
                let mut t = seed;
                ref_ipf(&mut t, s1[k], s2[k], FLOW_TOL);
                t
            }
        };
        for i in 0..N {
            for j in 0..N {
                flows[i][j] += table[i][j];
            }
        }
    }
    flows
}

// ---------------------------------------------------------------------------------------------

fn matrix(m: &M4) -> Matrix {
    Matrix::from_nested(&m.iter().map(|r| r.to_vec()).collect::<Vec<_>>()).unwrap()
}

fn tight(stayers: Stayers, seed: Option<&M4>) -> ClosedOptions {
    ClosedOptions {
        stayers,
        seed: seed.map(matrix),
        control: FitControl {
            tolerance: 1e-12,
            max_iterations: 100_000,
        },
    }
}

fn estimate(e: &Example, stayers: Stayers) -> FlowEstimate {
    demographic_closed(
        &matrix(&e.start),
        &matrix(&e.end),
        &e.births,
        &e.deaths,
        &tight(stayers, e.seed.as_ref()),
    )
    .unwrap()
}

fn assert_same_flows(name: &str, got: &Matrix, want: &M4) {
    for i in 0..N {
        for j in 0..N {
            let (g, w) = (got.get(i, j), want[i][j]);
            assert!(
                (g - w).abs() < 1e-6,
                "{name}: flow {i}->{j} is {g}, the reference gives {w}"
            );
        }
    }
}

#[test]
fn migest_examples_stayers_maximised_match_the_reference() {
    for e in examples() {
        let est = estimate(&e, Stayers::Maximised);
        assert!(est.fit().converged, "{}: {:?}", e.name, est.fit());
        assert_same_flows(e.name, &est.flows, &reference_flows(&e, Stayers::Maximised));
        // the examples are balanced: nothing scaled or clipped; only e6 has more births than
        // natives in one area
        let expected_notes = usize::from(e.name == "e6");
        assert_eq!(
            est.notes.len(),
            expected_notes,
            "{}: {:?}",
            e.name,
            est.notes
        );
    }
}

#[test]
fn migest_examples_independence_model_match_the_reference() {
    for e in examples().into_iter().filter(|e| e.seed.is_none()) {
        let est = estimate(&e, Stayers::Independent);
        assert!(est.fit().converged, "{}: {:?}", e.name, est.fit());
        assert_same_flows(
            e.name,
            &est.flows,
            &reference_flows(&e, Stayers::Independent),
        );
    }
}

#[test]
fn migest_examples_keep_the_accounts() {
    for e in examples() {
        let est = estimate(&e, Stayers::Maximised);
        check_accounts(&est, 1e-6);
        // without births and deaths the flows' in - out is the plain change of residence totals
        if e.births.iter().chain(&e.deaths).all(|&v| v == 0.0) {
            let change: Vec<f64> = matrix(&e.end)
                .col_sums()
                .iter()
                .zip(matrix(&e.start).col_sums())
                .map(|(a, b)| a - b)
                .collect();
            let net = net_of(&est.flows);
            for (n, c) in net.iter().zip(&change) {
                assert!((n - c).abs() < 1e-6, "{}: net {n} vs change {c}", e.name);
            }
        }
    }
}

fn net_of(flows: &Matrix) -> Vec<f64> {
    flows
        .inflows()
        .iter()
        .zip(flows.outflows())
        .map(|(i, o)| i - o)
        .collect()
}

/// Flows non-negative; each place-of-birth table adds up to the adjusted stocks; in - out equals
/// the adjusted change of every area.
fn check_accounts(est: &FlowEstimate, tol: f64) {
    let n = est.flows.size();
    assert!(est.flows.values().iter().all(|&v| v >= -tol));
    for k in 0..n {
        let table = est.by_birthplace.table(k);
        for i in 0..n {
            let row: f64 = table[i * n..(i + 1) * n].iter().sum();
            let col: f64 = (0..n).map(|o| table[o * n + i]).sum();
            assert!(
                (row - est.start_adjusted.get(k, i)).abs() < tol,
                "row {k},{i}"
            );
            assert!(
                (col - est.end_adjusted.get(k, i)).abs() < tol,
                "col {k},{i}"
            );
        }
    }
    for (net, change) in net_of(&est.flows).iter().zip(est.adjusted_change()) {
        assert!((net - change).abs() < tol, "net {net} vs change {change}");
    }
}

// ---------------------------------------------------------------------------------------------
// Edge cases and errors

#[test]
fn areas_without_migrants_and_empty_areas_are_handled() {
    // area 3 has nobody at all, area 2 no foreign-born and no emigrants
    let start = Matrix::from_nested(&[
        vec![500.0, 0.0, 10.0, 0.0],
        vec![0.0, 300.0, 0.0, 0.0],
        vec![20.0, 0.0, 400.0, 0.0],
        vec![0.0, 0.0, 0.0, 0.0],
    ])
    .unwrap();
    let end = Matrix::from_nested(&[
        vec![490.0, 0.0, 20.0, 0.0],
        vec![0.0, 300.0, 0.0, 0.0],
        vec![30.0, 0.0, 390.0, 0.0],
        vec![0.0, 0.0, 0.0, 0.0],
    ])
    .unwrap();
    let est = demographic_closed(&start, &end, &[0.0; 4], &[0.0; 4], &Default::default()).unwrap();
    assert!(est.fit().converged);
    check_accounts(&est, 1e-6);
    assert_eq!(est.flows.row(3), &[0.0; 4]);
    assert_eq!(est.flows.get(1, 1), 300.0);
}

#[test]
fn deaths_larger_than_the_population_are_clipped_with_a_note() {
    let start = Matrix::from_nested(&[vec![100.0, 5.0], vec![5.0, 10.0]]).unwrap();
    let end = Matrix::from_nested(&[vec![90.0, 5.0], vec![5.0, 0.0]]).unwrap();
    let est =
        demographic_closed(&start, &end, &[0.0, 0.0], &[0.0, 20.0], &Default::default()).unwrap();
    assert!(
        est.notes.iter().any(|n| n.contains("clipped")),
        "{:?}",
        est.notes
    );
    assert!(est
        .flows
        .values()
        .iter()
        .all(|v| *v >= 0.0 && v.is_finite()));
}

#[test]
fn births_larger_than_the_native_stock_are_spread_over_the_area() {
    let start = Matrix::from_nested(&[vec![100.0, 5.0], vec![5.0, 10.0]]).unwrap();
    let end = Matrix::from_nested(&[vec![100.0, 20.0], vec![5.0, 10.0]]).unwrap();
    let est =
        demographic_closed(&start, &end, &[0.0, 15.0], &[0.0, 0.0], &Default::default()).unwrap();
    assert!(
        est.notes.iter().any(|n| n.contains("exceed")),
        "{:?}",
        est.notes
    );
    // all 15 births of area 2 spread over its end population of 30 (20 foreign-born, 10 natives)
    assert!((est.births.get(1, 1) - 5.0).abs() < 1e-12);
    assert!((est.births.get(0, 1) - 10.0).abs() < 1e-12);
    check_accounts(&est, 1e-6);
}

#[test]
fn bad_inputs_are_typed_errors() {
    use miglab::measures::estimate::EstimateError;
    let two = Matrix::from_nested(&[vec![1.0, 0.0], vec![0.0, 1.0]]).unwrap();
    let three = Matrix::zeros(3);
    let opts = ClosedOptions::default();
    assert!(matches!(
        demographic_closed(&two, &three, &[0.0; 2], &[0.0; 2], &opts),
        Err(EstimateError::Dimension { .. })
    ));
    assert!(matches!(
        demographic_closed(&two, &two, &[0.0; 3], &[0.0; 2], &opts),
        Err(EstimateError::Dimension { .. })
    ));
    let nan = Matrix::from_nested(&[vec![f64::NAN, 0.0], vec![0.0, 1.0]]).unwrap();
    assert!(matches!(
        demographic_closed(&nan, &two, &[0.0; 2], &[0.0; 2], &opts),
        Err(EstimateError::NotFinite { .. })
    ));
    assert!(matches!(
        demographic_closed(&two, &two, &[-1.0, 0.0], &[0.0; 2], &opts),
        Err(EstimateError::Negative { .. })
    ));
    assert!(matches!(
        demographic_closed(&Matrix::zeros(0), &Matrix::zeros(0), &[], &[], &opts),
        Err(EstimateError::Empty)
    ));
    assert!(Matrix::from_nested(&[vec![1.0], vec![1.0, 2.0]]).is_err());
    let bad = ClosedOptions {
        control: FitControl {
            tolerance: 0.0,
            max_iterations: 10,
        },
        ..Default::default()
    };
    assert!(matches!(
        demographic_closed(&two, &two, &[0.0; 2], &[0.0; 2], &bad),
        Err(EstimateError::Control(_))
    ));
}

// ---------------------------------------------------------------------------------------------
// Invariants on random tables

/// A random closed system of `n` areas: natives on the diagonal, every foreign-born group
/// present, births and deaths up to a tenth of the native and total population.
fn system() -> impl Strategy<Value = (Matrix, Matrix, Vec<f64>, Vec<f64>)> {
    (2usize..7).prop_flat_map(|n| {
        let table = || {
            proptest::collection::vec(1.0f64..1000.0, n * n).prop_map(move |mut v| {
                for i in 0..n {
                    v[i * n + i] *= 20.0;
                }
                Matrix::from_rows(v).unwrap()
            })
        };
        let share = || proptest::collection::vec(0.0f64..0.1, n);
        (table(), table(), share(), share()).prop_map(|(s1, s2, b, d)| {
            let births = b
                .iter()
                .enumerate()
                .map(|(i, f)| f * s2.get(i, i))
                .collect();
            let deaths = d.iter().zip(s1.col_sums()).map(|(f, p)| f * p).collect();
            (s1, s2, births, deaths)
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn closed_accounts_hold_on_random_tables((s1, s2, b, d) in system()) {
        for stayers in [Stayers::Maximised, Stayers::Independent] {
            let opts = ClosedOptions { stayers, ..Default::default() };
            let est = demographic_closed(&s1, &s2, &b, &d, &opts).unwrap();
            prop_assert!(est.fit().converged, "{:?}", est.fit());
            check_accounts(&est, 1e-6 * s1.total().max(1.0) * 1e-3);
        }
    }

    /// In - out of every area is its population change less natural increase, after the end
    /// table is scaled so that the system's change equals births minus deaths (nothing clipped).
    #[test]
    fn net_flows_are_the_change_less_natural_increase((s1, s2, b, d) in system()) {
        let est = demographic_closed(&s1, &s2, &b, &d, &ClosedOptions::default()).unwrap();
        prop_assume!(est.notes.iter().all(|n| !n.contains("clipped") && !n.contains("exceed")));
        let factor = (s1.total() + b.iter().sum::<f64>() - d.iter().sum::<f64>()) / s2.total();
        let (p1, p2) = (s1.col_sums(), s2.col_sums());
        let tol = 1e-7 * s1.total();
        for (i, net) in net_of(&est.flows).iter().enumerate() {
            let change = (factor * p2[i] - b[i]) - (p1[i] - d[i]);
            prop_assert!((net - change).abs() < tol, "area {i}: net {net} vs {change}");
        }
        // and both adjusted tables hold the same persons by place of birth
        for (a, e) in est.start_adjusted.row_sums().iter().zip(est.end_adjusted.row_sums()) {
            prop_assert!((a - e).abs() < tol);
        }
        // every place-of-birth table is non-negative
        for k in 0..s1.size() {
            prop_assert!(est.by_birthplace.table(k).iter().all(|&v| v >= 0.0));
        }
    }

    /// Naming the areas in another order gives the same flows in that order.
    #[test]
    fn flows_do_not_depend_on_the_order_of_the_areas(
        (s1, s2, b, d) in system(),
        seed in any::<u64>(),
    ) {
        let n = s1.size();
        let mut order: Vec<usize> = (0..n).collect();
        let mut state = seed | 1;
        for i in (1..n).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            order.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let permute = |m: &Matrix| {
            let rows: Vec<Vec<f64>> = order
                .iter()
                .map(|&i| order.iter().map(|&j| m.get(i, j)).collect())
                .collect();
            Matrix::from_nested(&rows).unwrap()
        };
        let pick = |v: &[f64]| order.iter().map(|&i| v[i]).collect::<Vec<f64>>();
        for stayers in [Stayers::Maximised, Stayers::Independent] {
            let opts = ClosedOptions { stayers, ..Default::default() };
            let flows = demographic_closed(&s1, &s2, &b, &d, &opts).unwrap().flows;
            let other = demographic_closed(&permute(&s1), &permute(&s2), &pick(&b), &pick(&d), &opts)
                .unwrap()
                .flows;
            let tol = 1e-6 * s1.total();
            for (i, &oi) in order.iter().enumerate() {
                for (j, &oj) in order.iter().enumerate() {
                    prop_assert!((other.get(i, j) - flows.get(oi, oj)).abs() < tol);
                }
            }
        }
    }

    #[test]
    fn stayers_maximised_give_the_fewest_migrants((s1, s2, b, d) in system()) {
        let most = demographic_closed(&s1, &s2, &b, &d, &ClosedOptions::default()).unwrap();
        let indep = ClosedOptions { stayers: Stayers::Independent, ..Default::default() };
        let other = demographic_closed(&s1, &s2, &b, &d, &indep).unwrap();
        prop_assert!(most.flows.migrants() <= other.flows.migrants() + 1e-6);
    }

    #[test]
    fn stock_differencing_equals_the_pairwise_formulas((s1, s2, _b, _d) in system()) {
        let zero = stock_difference(&s1, &s2, Variant::Zero).unwrap();
        let ret = stock_difference(&s1, &s2, Variant::Return).unwrap();
        let n = s1.size();
        for i in 0..n {
            for j in 0..n {
                if i == j {
                    prop_assert_eq!(zero.get(i, j), 0.0);
                    prop_assert_eq!(ret.get(i, j), 0.0);
                    continue;
                }
                prop_assert_eq!(zero.get(i, j), flow_zero(s1.get(i, j), s2.get(i, j)));
                let ds_ij = s2.get(i, j) - s1.get(i, j);
                let ds_ji = s2.get(j, i) - s1.get(j, i);
                prop_assert_eq!(ret.get(i, j), flow_return(ds_ij, ds_ji));
                prop_assert!(zero.get(i, j) >= 0.0 && ret.get(i, j) >= zero.get(i, j));
            }
        }
    }
}

/// A whole-world-sized fit (230 areas) converges; run with
/// `cargo test --release --test flows -- --ignored` to see it finish quickly.
#[test]
#[ignore]
fn world_sized_fit_converges() {
    let n = 230;
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % 10_000) as f64
    };
    let mut table = || {
        let mut v: Vec<f64> = (0..n * n).map(|_| next()).collect();
        for i in 0..n {
            v[i * n + i] *= 1000.0;
        }
        Matrix::from_rows(v).unwrap()
    };
    let (s1, s2) = (table(), table());
    let births: Vec<f64> = (0..n).map(|i| 0.05 * s2.get(i, i)).collect();
    let deaths: Vec<f64> = s1.col_sums().iter().map(|p| 0.04 * p).collect();
    let est = demographic_closed(&s1, &s2, &births, &deaths, &ClosedOptions::default()).unwrap();
    assert!(est.fit().converged, "{:?}", est.fit());
    check_accounts(&est, 1e-6 * s1.total());
}

/// Example `e` written as the user's own tables (`stocks.csv`, `births.csv`, `deaths.csv`, areas
/// A-D, 2015 and 2020); returns the path of a file in `dir`.
fn write_own_tables(dir: &std::path::Path, e: &Example) -> impl Fn(&str) -> std::path::PathBuf {
    let codes = ["A", "B", "C", "D"];
    let mut stocks = String::from("origin,destination,year,stock\n");
    for (year, table) in [(2015, e.start), (2020, e.end)] {
        for i in 0..N {
            for j in 0..N {
                stocks.push_str(&format!(
                    "{},{},{year},{}\n",
                    codes[i], codes[j], table[i][j]
                ));
            }
        }
    }
    let events = |values: [f64; N]| {
        let mut text = String::from("area,period,value\n");
        for (c, v) in codes.iter().zip(values) {
            text.push_str(&format!("{c},2015-2020,{v}\n"));
        }
        text
    };
    let dir = dir.to_path_buf();
    let path = move |name: &str| dir.join(name);
    std::fs::write(path("stocks.csv"), stocks).unwrap();
    std::fs::write(path("births.csv"), events(e.births)).unwrap();
    std::fs::write(path("deaths.csv"), events(e.deaths)).unwrap();
    path
}

/// `miglab measure flows --from-stocks` reads a user's tables and prints what the library gives
/// on the same numbers (example e5, written as CSV files).
#[test]
fn cli_from_stocks_matches_the_library() {
    let e = examples().into_iter().find(|e| e.name == "e5").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let codes = ["A", "B", "C", "D"];
    let path = write_own_tables(dir.path(), &e);
    let own = |extra: &[&str]| {
        let out = common::miglab()
            .args([
                "measure",
                "flows",
                "--periods",
                "2015-2020",
                "--format",
                "csv",
            ])
            .args(extra)
            .arg("--from-stocks")
            .arg(path("stocks.csv"))
            .arg("--births")
            .arg(path("births.csv"))
            .arg("--deaths")
            .arg(path("deaths.csv"))
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        common::parse_csv(&String::from_utf8(out).unwrap())
    };
    let flows = demographic_closed(
        &matrix(&e.start),
        &matrix(&e.end),
        &e.births,
        &e.deaths,
        &ClosedOptions::default(),
    )
    .unwrap()
    .flows;
    let rows = own(&["--method", "demographic-closed", "--origin", "A,B,C,D"]);
    assert_eq!(rows.len(), N * (N - 1));
    for r in &rows {
        let i = codes.iter().position(|c| *c == r["origin"]).unwrap();
        let j = codes.iter().position(|c| *c == r["destination"]).unwrap();
        let value: f64 = r["value"].parse().unwrap();
        assert!((value - flows.get(i, j)).abs() <= 1e-5, "{i}->{j}: {value}");
        assert_eq!(r["method"], "demographic-closed");
        assert_eq!(r["measure"], "flow_estimate");
        assert_eq!(r["period"], "2015-2020");
        assert!(r["note"].starts_with("estimate"), "{}", r["note"]);
        assert!(r["note"].contains("Abel, G. J. and Sander, N. (2014)"));
        assert_eq!(r["dataset"], "own tables");
        assert!(r["source"].contains("stocks.csv"));
    }
    // Per-area totals of the same fit: in - out = the adjusted change, no WPP rows.
    let totals = own(&["--countries", "A,B,C,D"]);
    for (i, code) in codes.iter().enumerate() {
        let get = |m: &str| -> f64 {
            totals
                .iter()
                .find(|r| r["country"] == *code && r["measure"] == m)
                .unwrap_or_else(|| panic!("{code} {m}"))["value"]
                .parse()
                .unwrap()
        };
        assert!((get("inflow_estimate") - flows.inflows()[i]).abs() <= 1e-5);
        assert!((get("outflow_estimate") - flows.outflows()[i]).abs() <= 1e-5);
        assert!((get("net_flow_estimate") - net_of(&flows)[i]).abs() <= 1e-5);
    }
    assert!(totals.iter().all(|r| r["measure"] != "net_migrants_wpp"));
}

// ---------------------------------------------------------------------------------------------
// `miglab measure flows` on the embedded data (IMS 2024 + WPP 2024, the whole world).

fn measure_csv(args: &[&str]) -> Vec<HashMap<String, String>> {
    let out = common::miglab()
        .args(["measure", "flows", "--format", "csv"])
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    common::parse_csv(&String::from_utf8(out).unwrap())
}

fn value(r: &HashMap<String, String>) -> f64 {
    r["value"].parse().unwrap()
}

/// Azerbaijan's estimated outflows: every destination once, labelled as an estimate with the
/// method, paper and editions, non-negative, summing to the library's outflow of AZE; the
/// Armenia corridor carries its caveat.
#[test]
fn embedded_outflows_of_azerbaijan_match_the_library() {
    let rows = measure_csv(&[
        "--method",
        "demographic-closed",
        "--periods",
        "2015-2020",
        "--origin",
        "AZE",
    ]);
    let input = embedded_stock_tables("ims2024", (2015, 2020)).unwrap();
    let (flows, _) = flow_table(&input, FlowMethod::DemographicClosed).unwrap();
    let aze = input.areas.iter().position(|a| a == "AZE").unwrap();
    assert_eq!(rows.len(), input.areas.len() - 1);
    let mut sum = 0.0;
    for r in &rows {
        assert_eq!(r["origin"], "AZE");
        assert_eq!(r["measure"], "flow_estimate");
        assert_eq!(r["method"], "demographic-closed");
        assert_eq!(r["unit"], "persons");
        assert!(r["note"].starts_with("estimate"), "{}", r["note"]);
        assert!(r["note"].contains("Abel, G. J. and Sander, N. (2014)"));
        assert_eq!(r["dataset"], "ims2024+wpp2024");
        assert!(r["edition"].contains("IMS 2024") && r["edition"].contains("WPP 2024"));
        let v = value(r);
        assert!(v >= 0.0, "{}: {v}", r["destination"]);
        let j = input
            .areas
            .iter()
            .position(|a| *a == r["destination"])
            .unwrap();
        assert!((v - flows.get(aze, j)).abs() <= 1e-5);
        sum += v;
    }
    let library = flows.outflows()[aze];
    assert!((sum - library).abs() <= 1e-3, "{sum} vs {library}");
    let arm = rows.iter().find(|r| r["destination"] == "ARM").unwrap();
    assert!(arm["note"].contains("displaced by the conflict"));
    // Largest first.
    let values: Vec<f64> = rows.iter().map(value).collect();
    assert!(values.windows(2).all(|w| w[0] >= w[1]));
}

/// Per-country totals of the estimated flows beside WPP 2024's net migration of the same years,
/// the latter summed here from the published file (thousands, calendar years 2015-2019).
#[test]
fn net_of_the_estimated_flows_is_shown_beside_wpp() {
    let rows = measure_csv(&["--periods", "2015-2020", "--countries", "AZE,GEO,ARM"]);
    for (code, m49) in [("AZE", "31"), ("GEO", "268"), ("ARM", "51")] {
        let get = |m: &str| -> f64 {
            value(
                rows.iter()
                    .find(|r| r["country"] == code && r["measure"] == m)
                    .unwrap_or_else(|| panic!("{code} {m}")),
            )
        };
        let published: f64 = (2015..2020)
            .map(|y| common::wpp_wide("migration.txt", m49, y) * 1000.0)
            .sum();
        assert!(
            (get("net_migrants_wpp") - published).abs() <= 0.5,
            "{code}: {} vs {published}",
            get("net_migrants_wpp")
        );
        let (inflow, outflow) = (get("inflow_estimate"), get("outflow_estimate"));
        assert!(inflow >= 0.0 && outflow >= 0.0);
        assert!((get("net_flow_estimate") - (inflow - outflow)).abs() <= 1e-3);
        assert!((get("turnover_estimate") - (inflow + outflow)).abs() <= 1e-3);
        let eff = 100.0 * (inflow - outflow) / (inflow + outflow);
        assert!((get("effectiveness_estimate") - eff).abs() <= 1e-5);
        let gap = get("net_flow_estimate") - get("net_migrants_wpp");
        assert!((get("net_flow_gap") - gap).abs() <= 1e-3);
    }
    assert!(rows.iter().all(|r| r["method"] == "demographic-closed"));
}

/// `--method all`: every method per corridor and the range, low <= each estimate <= high.
#[test]
fn all_methods_side_by_side_with_their_range() {
    let rows = measure_csv(&[
        "--method",
        "all",
        "--periods",
        "2015-2020",
        "--origin",
        "GEO",
        "--top",
        "5",
    ]);
    let corridors: Vec<&String> = rows
        .iter()
        .filter(|r| r["measure"] == "flow_estimate_high")
        .map(|r| &r["destination"])
        .collect();
    assert_eq!(corridors.len(), 5);
    for d in corridors {
        let of = |m: &str| -> Vec<f64> {
            rows.iter()
                .filter(|r| r["destination"] == *d && r["measure"] == m)
                .map(value)
                .collect()
        };
        let estimates = of("flow_estimate");
        assert_eq!(estimates.len(), 4, "{d}");
        let (low, high) = (of("flow_estimate_low")[0], of("flow_estimate_high")[0]);
        for v in estimates {
            assert!(low <= v + 1e-9 && v <= high + 1e-9, "{d}: {low} {v} {high}");
        }
    }
    let methods: std::collections::BTreeSet<&str> =
        rows.iter().map(|r| r["method"].as_str()).collect();
    assert_eq!(methods.len(), 5, "{methods:?}");
}

/// The table names the method, its paper and both editions under the rows.
#[test]
fn table_names_method_paper_and_editions() {
    let out = common::miglab()
        .args([
            "measure",
            "flows",
            "--method",
            "demographic-closed",
            "--periods",
            "2015-2020",
            "--origin",
            "AZE",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("method demographic-closed: Abel, G. J. and Sander, N. (2014)"));
    assert!(text.contains("Note: estimate"));
    assert!(text.contains("IMS 2024") && text.contains("WPP 2024"));
    assert!(text.contains("flow_estimate (persons)"));
}

#[test]
fn stock_differencing_by_sex_and_usage_errors() {
    let rows = measure_csv(&[
        "--method",
        "stock-difference",
        "--periods",
        "2015-2020",
        "--origin",
        "AZE",
        "--sex",
        "female",
        "--top",
        "3",
    ]);
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().all(|r| r["sex"] == "female" && value(r) >= 0.0));
    for args in [
        &[
            "--periods",
            "2015-2020",
            "--sex",
            "female",
            "--origin",
            "AZE",
        ][..],
        &[
            "--periods",
            "2015-2020",
            "--countries",
            "AZE",
            "--origin",
            "AZE",
        ][..],
        &["--periods", "2015-2020", "--years", "2020"][..],
        &["--periods", "2015-2020", "--method", "best"][..],
    ] {
        common::miglab()
            .args(["measure", "flows"])
            .args(args)
            .assert()
            .code(2);
    }
}

/// `chart corridors` draws the largest estimated corridors of the embedded data with the
/// catalogue's words in each language, the method and its paper under the chart, and its data
/// sidecar holds the same values as `measure flows`.
#[test]
fn chart_of_the_largest_corridors() {
    let dir = tempfile::tempdir().unwrap();
    let rows = measure_csv(&["--periods", "2015-2020", "--origin", "AZE", "--top", "8"]);
    for (lang, title, from) in [
        ("en", "Estimated migration flows", "Moving from: Azerbaijan"),
        (
            "ru",
            "Оценка миграционных потоков",
            "Страна выбытия: Азербайджан",
        ),
    ] {
        let out = dir.path().join(format!("corridors_{lang}.svg"));
        common::miglab()
            .args([
                "chart",
                "corridors",
                "--periods",
                "2015-2020",
                "--origin",
                "AZE",
                "--top",
                "8",
                "--lang",
                lang,
            ])
            .arg("--out")
            .arg(&out)
            .assert()
            .success();
        let svg = std::fs::read_to_string(&out).unwrap();
        assert!(svg.contains(title), "{lang}");
        assert!(svg.contains(from), "{lang}");
        assert!(svg.contains("demographic-closed"), "{lang}");
        assert!(svg.contains("Sander, N. (2014)"), "{lang}");
        assert!(svg.contains("<polygon"), "{lang}: no ribbons");
        let data =
            std::fs::read_to_string(dir.path().join(format!("corridors_{lang}.data.csv"))).unwrap();
        let drawn = common::parse_csv(&data);
        assert_eq!(drawn.len(), rows.len(), "{lang}");
        for d in &drawn {
            assert_eq!(d["series"], "AZE");
            let r = rows
                .iter()
                .find(|r| r["destination"] == d["category"])
                .unwrap();
            let (a, b): (f64, f64) = (d["value"].parse().unwrap(), value(r));
            assert!(
                (a - b).abs() <= 1e-3,
                "{lang} {}: {a} vs {b}",
                d["category"]
            );
        }
    }
    // the corridors chart draws one method: `--method all` is a usage error naming the fix
    common::miglab()
        .args([
            "chart",
            "corridors",
            "--periods",
            "2015-2020",
            "--origin",
            "GEO",
        ])
        .args(["--method", "all", "--out"])
        .arg(dir.path().join("all.svg"))
        .assert()
        .code(2);
    // and it draws flows only
    common::miglab()
        .args([
            "chart",
            "corridors",
            "--measure",
            "cnmr",
            "--countries",
            "AZE",
        ])
        .arg("--out")
        .arg(dir.path().join("cnmr.svg"))
        .assert()
        .code(2);
}

/// The corridors chart of the user's own tables (example e5, four areas, every corridor), as an
/// SVG snapshot in Azerbaijani: ribbons, nodes, names with totals, method, paper and source.
#[test]
fn corridors_chart_of_own_tables_snapshot() {
    let e = examples().into_iter().find(|e| e.name == "e5").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = write_own_tables(dir.path(), &e);
    let out = path("corridors.svg");
    common::miglab()
        .args([
            "chart",
            "corridors",
            "--periods",
            "2015-2020",
            "--size",
            "960x540",
        ])
        .args(["--lang", "az"])
        .arg("--from-stocks")
        .arg(path("stocks.csv"))
        .arg("--births")
        .arg(path("births.csv"))
        .arg("--deaths")
        .arg(path("deaths.csv"))
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let svg = std::fs::read_to_string(&out).unwrap();
    // the file names in the source line differ from run to run
    let svg = svg.replace(&dir.path().display().to_string(), "DIR");
    insta::assert_snapshot!("corridors_own_tables_e5_az", svg);
}

/// A period past the embedded WPP estimates (population to 2023) is refused with the years they
/// cover and a period that works, never as an empty system.
#[test]
fn period_past_the_population_estimates_is_refused_with_the_years() {
    let out = common::miglab()
        .args([
            "measure",
            "flows",
            "--countries",
            "ARM",
            "--periods",
            "2020-2024",
        ])
        .args(["--edition", "2024"])
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8_lossy(&out);
    assert!(err.contains("no population for 2024"), "{err}");
    assert!(err.contains("hint: choose a period"), "{err}");
    assert!(!err.contains("empty"), "{err}");
}
