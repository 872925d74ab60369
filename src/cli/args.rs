//! clap's view of library enums: which values each flag accepts on the command line. The
//! library itself never depends on clap.

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::ValueEnum;

use crate::catalogue::MeasureKind;
use crate::export::Format;
use crate::measures::flows::Variant;
use crate::measures::stocks::StockKind;
use crate::request::Edition;

impl ValueEnum for Format {
    fn value_variants<'a>() -> &'a [Self] {
        &Format::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.name()))
    }
}

/// `--format` of commands that print to the terminal: table, csv or json.
pub fn text_format() -> impl TypedValueParser<Value = Format> {
    PossibleValuesParser::new(["table", "csv", "json"])
        .try_map(|name: String| Format::from_name(&name).ok_or("not a format"))
}

impl ValueEnum for MeasureKind {
    fn value_variants<'a>() -> &'a [Self] {
        &MeasureKind::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.name()).help(self.info().about))
    }
}

impl ValueEnum for Edition {
    fn value_variants<'a>() -> &'a [Self] {
        &Edition::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.year()))
    }
}

impl ValueEnum for StockKind {
    fn value_variants<'a>() -> &'a [Self] {
        &[StockKind::Immigrant, StockKind::Emigrant]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(match self {
            StockKind::Immigrant => "immigrant",
            StockKind::Emigrant => "emigrant",
        }))
    }
}

impl ValueEnum for Variant {
    fn value_variants<'a>() -> &'a [Self] {
        &[Variant::Zero, Variant::Return]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(
            PossibleValue::new(match self {
                Variant::Zero => "zero",
                Variant::Return => "return",
            })
            .help(match self {
                Variant::Zero => "Negative differences set to zero.",
                Variant::Return => {
                    "Negative differences read as returns in the opposite direction."
                }
            }),
        )
    }
}
