//! The command-line notation of exercise definitions (`exercise.toml`) and notebooks, parsed by
//! the library: `measure cnmr --countries ARM,AZE --years 2014-2024`,
//! `data show wpp2024 --indicator net_migrants --country AZE`. The measure flags are the
//! catalogue's [`Selector::flag`]s, so a selector added there is understood here.
//!
//! Chart lines (`chart line --measure cnmr --countries ARM --years 2014-2024`) become a
//! [`ChartRequest`] with the same measure flags, plus `--from`, `--value`, `--indicator`,
//! `--lang`, `--size` and `--out` (an exercise gives the file itself).

use super::{parse_periods, Edition, MeasureRequest, Places};
use crate::catalogue::{MeasureKind, Selector};
use crate::chart::{ChartData, ChartRequest, Kind, TidyCsv};
use crate::error::{Error, Result};
use crate::measures::estimate::run::FlowMethodChoice;
use crate::measures::flows::Variant;
use crate::measures::stocks::StockKind;
use crate::query::{DataQuery, SexFilter, YearSet};

/// A parsed command line of an exercise step.
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    Measure(MeasureRequest),
    Data(DataQuery),
    /// `chart KIND ...`.
    Chart(Box<ChartRequest>),
}

impl Request {
    /// The years asked for, where the request has them (a chart of a measure: the measure's).
    pub fn years_mut(&mut self) -> Option<&mut Option<YearSet>> {
        match self {
            Request::Measure(m) => Some(&mut m.years),
            Request::Data(q) => Some(&mut q.years),
            Request::Chart(c) => match &mut c.data {
                ChartData::Measure(m) => Some(&mut m.years),
                ChartData::TidyCsv(_) => None,
            },
        }
    }

    /// The annual series' range (`--years 2014-2024`), if the request asks for one.
    pub fn series(&self) -> Option<(i32, i32)> {
        let years = match self {
            Request::Measure(m) => m.years.as_ref(),
            Request::Data(q) => q.years.as_ref(),
            Request::Chart(c) => match &c.data {
                ChartData::Measure(m) => m.years.as_ref(),
                ChartData::TidyCsv(_) => None,
            },
        };
        years.and_then(YearSet::series)
    }
}

/// Parses one command line (without the leading `miglab`).
pub fn parse(command: &str) -> Result<Request> {
    let words: Vec<&str> = command.split_whitespace().collect();
    match words.as_slice() {
        ["measure", name, rest @ ..] => Ok(Request::Measure(measure(name, rest)?)),
        ["data", "show", dataset, rest @ ..] => Ok(Request::Data(data_show(dataset, rest)?)),
        ["chart", kind, rest @ ..] => Ok(Request::Chart(Box::new(chart(kind, rest)?))),
        _ => Err(Error::usage(
            format!("cannot read `{command}`"),
            "a step is `measure NAME --flag value ...`, `data show DATASET ...` or `chart KIND ...`",
        )),
    }
}

/// Flag/value pairs: `--flag value`, `--flag=value`, or a lone `--total`.
fn pairs<'a>(words: &[&'a str], switches: &[&str]) -> Result<Vec<(&'a str, Option<&'a str>)>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let word = words[i];
        if !word.starts_with("--") {
            return Err(Error::usage(
                format!("unexpected `{word}`"),
                "write flags as `--flag value`",
            ));
        }
        if let Some((flag, value)) = word.split_once('=') {
            out.push((flag, Some(value)));
            i += 1;
        } else if switches.contains(&word) {
            out.push((word, None));
            i += 1;
        } else {
            let value = words.get(i + 1).filter(|v| !v.starts_with("--"));
            let value = value.ok_or_else(|| {
                Error::usage(
                    format!("{word} needs a value"),
                    format!("write `{word} VALUE`"),
                )
            })?;
            out.push((word, Some(*value)));
            i += 2;
        }
    }
    Ok(out)
}

fn unknown_flag(flag: &str, known: &[&str]) -> Error {
    Error::unknown(
        "flag",
        flag,
        known.iter().copied(),
        &format!("the flags are {}", known.join(", ")),
    )
}

/// The selector a measure flag names (`--country` is an alias of `--countries`); the user's own
/// files (`--from-stocks`) have no place in an exercise definition, so that flag is not one here.
fn selector(flag: &str) -> Option<Selector> {
    if flag == "--country" {
        return Some(Selector::Countries);
    }
    Selector::ALL
        .into_iter()
        .filter(|s| *s != Selector::FromStocks)
        .find(|s| s.flag() == flag)
}

fn measure_kind(name: &str) -> Result<MeasureKind> {
    MeasureKind::from_name(name).ok_or_else(|| {
        Error::unknown(
            "measure",
            name,
            MeasureKind::ALL.iter().map(|m| m.name()),
            "`miglab measure --help` lists them",
        )
    })
}

fn measure(name: &str, words: &[&str]) -> Result<MeasureRequest> {
    let kind = measure_kind(name)?;
    let mut request = MeasureRequest::new(kind);
    for (flag, value) in pairs(words, &[Selector::Total.flag()])? {
        let Some(selector) = selector(flag) else {
            let known: Vec<&str> = MeasureKind::ALL
                .iter()
                .flat_map(|m| m.info().selectors.iter().map(|s| s.flag()))
                .fold(Vec::new(), |mut v, f| {
                    if !v.contains(&f) {
                        v.push(f);
                    }
                    v
                });
            return Err(unknown_flag(flag, &known));
        };
        set(&mut request, selector, value.unwrap_or_default())?;
    }
    Ok(request)
}

/// Sets one selector from its text on the command line.
fn set(request: &mut MeasureRequest, selector: Selector, value: &str) -> Result<()> {
    use Selector as S;
    match selector {
        S::Countries => request.countries = Some(Places::parse(value)),
        S::Origin => request.origin = Some(Places::parse(value)),
        S::Destination => request.destination = Some(Places::parse(value)),
        S::Years => request.years = Some(YearSet::parse(value)?),
        S::Periods => request.periods = Some(parse_periods(value)?),
        S::Edition => request.edition = Some(Edition::parse(value)?),
        S::Sex => request.sexes = Some(SexFilter::parse(value)?),
        S::Top => {
            request.top = Some(value.parse().map_err(|_| {
                Error::usage(
                    format!("invalid --top `{value}`"),
                    "give a whole number, e.g. --top 10",
                )
            })?)
        }
        S::Total => request.total = true,
        S::Stock => {
            request.stock = Some(match value {
                "immigrant" => StockKind::Immigrant,
                "emigrant" => StockKind::Emigrant,
                _ => {
                    return Err(Error::usage(
                        format!("invalid --stock `{value}`"),
                        "use immigrant or emigrant",
                    ))
                }
            })
        }
        S::Method => request.method = Some(FlowMethodChoice::parse(value)?),
        S::FromStocks => {
            return Err(Error::usage(
                "--from-stocks reads files and cannot be part of an exercise definition",
                "use the embedded data (drop --from-stocks)",
            ))
        }
        S::Variant => {
            request.variant = Some(match value {
                "zero" => Variant::Zero,
                "return" => Variant::Return,
                _ => {
                    return Err(Error::usage(
                        format!("invalid --variant `{value}`"),
                        "use zero or return",
                    ))
                }
            })
        }
    }
    Ok(())
}

/// The flags of a chart line that are not a measure's selectors.
const CHART_FLAGS: [&str; 7] = [
    "--measure",
    "--from",
    "--value",
    "--indicator",
    "--lang",
    "--size",
    "--out",
];

fn chart(kind: &str, words: &[&str]) -> Result<ChartRequest> {
    let kind = Kind::ALL
        .into_iter()
        .find(|k| k.name() == kind)
        .ok_or_else(|| {
            Error::unknown(
                "chart kind",
                kind,
                Kind::ALL.iter().map(|k| k.name()),
                "`miglab chart --help` lists them",
            )
        })?;
    let pairs = pairs(words, &[Selector::Total.flag()])?;
    let value_of = |flag: &str| pairs.iter().find(|(f, _)| *f == flag).and_then(|(_, v)| *v);
    let selectors: Vec<(&str, Option<&str>)> = pairs
        .iter()
        .filter(|(f, _)| !CHART_FLAGS.contains(f))
        .copied()
        .collect();
    let data = match (value_of("--from"), value_of("--measure")) {
        (Some(path), None) => ChartData::TidyCsv(csv_filters(path, &selectors)?),
        (None, named) => {
            let named = named.map(measure_kind).transpose()?;
            let name = crate::chart::request::measure_for(kind, named)?.name();
            let words: Vec<&str> = selectors
                .iter()
                .flat_map(|(f, v)| std::iter::once(*f).chain(*v))
                .collect();
            ChartData::Measure(measure(name, &words)?)
        }
        (Some(_), Some(_)) => {
            return Err(Error::usage(
                "a chart is drawn from --measure or --from, not both",
                "drop one of them",
            ))
        }
    };
    let mut request = ChartRequest::new(kind, data, value_of("--out").unwrap_or_default());
    request.quantity = value_of("--indicator")
        .or(value_of("--value"))
        .map(str::to_string);
    if let Some(lang) = value_of("--lang") {
        request.lang = lang.parse()?;
    }
    if let Some(size) = value_of("--size") {
        request.size = crate::chart::parse_size(size)?;
    }
    Ok(request)
}

/// The rows of a tidy CSV a chart line keeps: `--countries`, `--years` and `--sex` apply.
fn csv_filters(path: &str, selectors: &[(&str, Option<&str>)]) -> Result<TidyCsv> {
    let mut csv = TidyCsv::new(path);
    for (flag, value) in selectors {
        let value = value.unwrap_or_default();
        match selector(flag) {
            Some(Selector::Countries) => csv.countries = Some(Places::parse(value)),
            Some(Selector::Years) => csv.years = Some(YearSet::parse(value)?),
            Some(Selector::Sex) => csv.sexes = Some(SexFilter::parse(value)?),
            _ => {
                return Err(Error::usage(
                    format!("{flag} does not apply to --from FILE.csv"),
                    "filter with --indicator, --countries, --years, --sex",
                ))
            }
        }
    }
    Ok(csv)
}

fn data_show(dataset: &str, words: &[&str]) -> Result<DataQuery> {
    let mut query = DataQuery::new(dataset);
    for (flag, value) in pairs(words, &[])? {
        let value = value.unwrap_or_default();
        match flag {
            "--indicator" => query.indicators.extend(
                value
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string),
            ),
            "--country" | "--countries" => query.countries = Some(Places::parse(value)),
            "--origin" => query.origin = Some(Places::parse(value)),
            "--destination" => query.destination = Some(Places::parse(value)),
            "--sex" => query.sexes = Some(SexFilter::parse(value)?),
            "--years" => query.years = Some(YearSet::parse(value)?),
            _ => {
                return Err(unknown_flag(
                    flag,
                    &[
                        "--indicator",
                        "--country",
                        "--origin",
                        "--destination",
                        "--sex",
                        "--years",
                    ],
                ))
            }
        }
    }
    Ok(query)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measure_lines_become_requests() {
        let Request::Measure(r) =
            parse("measure cnmr --countries ARM,AZE --total --years 2014-2024").unwrap()
        else {
            panic!("a measure")
        };
        assert_eq!(r.measure, MeasureKind::Cnmr);
        assert_eq!(r.countries, Some(Places::parse("ARM,AZE")));
        assert!(r.total);
        assert_eq!(r.years, Some(YearSet::parse("2014-2024").unwrap()));
        let Request::Measure(r) = parse(
            "measure period-change --origin AZE --destination=RUS --periods 1990-2000 --edition 2020",
        )
        .unwrap() else {
            panic!("a measure")
        };
        assert_eq!(r.periods, Some(vec![(1990, 2000)]));
        assert_eq!(r.edition, Some(Edition::Ims2020));
    }

    #[test]
    fn data_lines_become_queries() {
        let Request::Data(q) =
            parse("data show wpp2024 --indicator net_migrants,cnmr --country AZE").unwrap()
        else {
            panic!("a data query")
        };
        assert_eq!(q.dataset, "wpp2024");
        assert_eq!(q.indicators, ["net_migrants", "cnmr"]);
    }

    #[test]
    fn chart_lines_become_chart_requests() {
        let Request::Chart(c) = parse(
            "chart line --measure cnmr --countries ARM,AZE --years 2014-2024 --lang az --value net_migrants",
        )
        .unwrap() else {
            panic!("a chart")
        };
        assert_eq!(c.kind, Kind::Line);
        assert_eq!(c.lang, crate::Lang::Az);
        assert_eq!(c.quantity.as_deref(), Some("net_migrants"));
        let ChartData::Measure(m) = &c.data else {
            panic!("a measure chart")
        };
        assert_eq!(m.measure, MeasureKind::Cnmr);
        assert_eq!(m.countries, Some(Places::parse("ARM,AZE")));
        let Request::Chart(c) =
            parse("chart components --countries AZE --years 2019-2023").unwrap()
        else {
            panic!("a chart")
        };
        assert!(matches!(&c.data, ChartData::Measure(m) if m.measure == MeasureKind::Balancing));
        let Request::Chart(c) =
            parse("chart line --from net.csv --countries AZE --sex all --out x.svg").unwrap()
        else {
            panic!("a chart")
        };
        let ChartData::TidyCsv(csv) = &c.data else {
            panic!("a csv chart")
        };
        assert_eq!(csv.path, std::path::Path::new("net.csv"));
        assert_eq!(csv.sexes, Some(SexFilter::All));
        assert_eq!(c.out, std::path::Path::new("x.svg"));
    }

    #[test]
    fn mistakes_are_usage_errors() {
        for line in [
            "measure cnmr --countris AZE",
            "measure cnmx --countries AZE",
            "measure cnmr --years",
            "measure cnmr AZE",
            "data show wpp2024 --top 3",
            "table cnmr",
            "chart pie --measure cnmr",
            "chart line --countries AZE",
            "chart line --from x.csv --top 3",
            "chart line --measure cnmr --size big",
            "chart line --measure cnmr --lang fr",
        ] {
            let e = parse(line).unwrap_err();
            assert_eq!(e.exit_code(), 2, "{line}: {e}");
        }
    }
}
