//! The catalogue describes what the measures really return: every measure, run once on a small
//! selection, prints only quantities the catalogue describes and lists for that measure, in the
//! catalogue's order.

mod common;

use miglab::catalogue::{self, MeasureKind};

/// One small selection per measure (with the flags that bring out every quantity it can return).
fn selections(kind: MeasureKind) -> &'static [&'static str] {
    use MeasureKind as M;
    match kind {
        M::NetMigration | M::Cnmr | M::Balancing | M::RemittancesGdp | M::RefugeesPer1000 => {
            &["--countries AZE,GEO --years 2019-2020"]
        }
        M::ImmigrantStock | M::EmigrantStock | M::StockShare | M::EmigrantShare => {
            &["--countries AZE --years 2020 --edition 2024"]
        }
        M::FemaleShare => &[
            "--countries AZE --years 2020 --edition 2024",
            "--countries AZE --years 2020 --edition 2024 --stock emigrant",
        ],
        M::StockGrowth | M::PeriodChange => &["--countries AZE --periods 2010-2020 --edition 2024"],
        M::TopDestinations => &["--origin AZE --years 2020 --edition 2024 --top 3"],
        M::TopOrigins => &["--destination AZE --years 2020 --edition 2024 --top 3"],
        M::StockDifference => {
            &["--origin AZE --destination RUS --periods 2010-2020 --edition 2024"]
        }
        M::Effectiveness => &["--countries ARM,AZE,GEO --periods 2010-2020 --edition 2024"],
        M::Flows => &[
            "--origin AZE --periods 2015-2020 --edition 2024 --method all --top 2",
            "--countries AZE --periods 2015-2020 --edition 2024",
        ],
    }
}

#[test]
fn every_measure_prints_only_catalogue_quantities_in_catalogue_order() {
    for kind in MeasureKind::ALL {
        let measure = kind.info();
        let mut seen: Vec<String> = Vec::new();
        for selection in selections(kind) {
            let args = format!("measure {} {selection} --format csv", measure.name);
            let out = common::miglab()
                .args(args.split(' '))
                .output()
                .expect("miglab runs");
            assert!(
                out.status.success(),
                "`miglab {args}` failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let rows = common::parse_csv(&String::from_utf8_lossy(&out.stdout));
            assert!(!rows.is_empty(), "`miglab {args}` printed no rows");
            let mut order: Vec<&str> = Vec::new();
            for row in &rows {
                let name = row["measure"].as_str();
                let q = catalogue::quantity(name).unwrap_or_else(|| {
                    panic!("{}: `{name}` is not in the catalogue", measure.name)
                });
                assert_eq!(
                    row["unit"],
                    q.unit.as_str(),
                    "{}: unit of {name}",
                    measure.name
                );
                assert!(
                    measure.quantities.contains(&name),
                    "{}: `{name}` missing from its quantities {:?}",
                    measure.name,
                    measure.quantities
                );
                if !order.contains(&name) {
                    order.push(name);
                }
            }
            // Rows come area by area: the first area shows the measure's own order.
            let positions: Vec<usize> = order
                .iter()
                .map(|n| measure.quantities.iter().position(|q| q == n).unwrap_or(0))
                .collect();
            assert!(
                positions.windows(2).all(|w| w[0] < w[1]),
                "{}: printed in the order {order:?}, the catalogue lists {:?}",
                measure.name,
                measure.quantities
            );
            seen.extend(order.iter().map(|n| n.to_string()));
        }
        for q in measure.quantities {
            assert!(
                seen.iter().any(|s| s == q),
                "{}: lists `{q}` but never printed it",
                measure.name
            );
        }
    }
}
