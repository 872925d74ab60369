//! clap's view of library enums: which values each flag accepts on the command line. The
//! library names and describes each value; only aliases and per-command value parsers are the
//! command line's own. The library itself never depends on clap.

use crate::catalogue::MeasureKind;
use crate::chart::Kind;
use crate::check::claim::Concept;
use crate::export::Format;
use crate::measures::estimate::run::FlowMethodChoice;
use crate::measures::flows::Variant;
use crate::measures::stocks::StockKind;
use crate::request::Edition;
use crate::Lang;
use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::ValueEnum;

impl ValueEnum for Lang {
    fn value_variants<'a>() -> &'a [Self] {
        &Lang::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.code()).help(self.about()))
    }
}

impl ValueEnum for Concept {
    fn value_variants<'a>() -> &'a [Self] {
        &Concept::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        let aliases: &[&str] = match self {
            Concept::NetMigrationRate => &["cnmr", "rate"],
            Concept::EmigrantStock => &["emigrants", "diaspora"],
            Concept::ImmigrantStock => &["immigrants", "foreign-born"],
            Concept::Refugees => &["refugees-hosted"],
            Concept::Idps => &["idp", "forced-resettlers"],
            _ => &[],
        };
        Some(
            PossibleValue::new(self.flag())
                .aliases(aliases.iter().copied())
                .help(self.about()),
        )
    }
}

impl ValueEnum for Kind {
    fn value_variants<'a>() -> &'a [Self] {
        &Kind::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.name()).help(self.about()))
    }
}

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

impl ValueEnum for FlowMethodChoice {
    fn value_variants<'a>() -> &'a [Self] {
        &FlowMethodChoice::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.name()).help(self.about()))
    }
}

#[cfg(test)]
mod value_tests {
    use super::*;

    #[test]
    fn values_parse_with_their_aliases() {
        assert_eq!(Lang::from_str("az", false), Ok(Lang::Az));
        assert_eq!(
            Concept::from_str("cnmr", false),
            Ok(Concept::NetMigrationRate)
        );
        assert_eq!(
            Concept::from_str("forced-resettlers", false),
            Ok(Concept::Idps)
        );
        assert_eq!(Kind::from_str("grouped-bar", false), Ok(Kind::GroupedBar));
        assert!(Kind::from_str("pie", false).is_err());
    }
}
