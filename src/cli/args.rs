//! How library enums are spelled on the command line: clap's `ValueEnum` for [`Lang`],
//! [`Concept`] and [`Kind`]. The library names and describes each value (`code`, `flag`, `name`,
//! `about`); only the aliases are the command line's own.

use clap::builder::PossibleValue;
use clap::ValueEnum;

use crate::chart::Kind;
use crate::check::claim::Concept;
use crate::Lang;

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

#[cfg(test)]
mod tests {
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
