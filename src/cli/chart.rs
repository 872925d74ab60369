//! `miglab chart` (being built).

use clap::Args as ClapArgs;

#[derive(Debug, ClapArgs)]
pub struct Args {}

pub fn run(_args: Args) -> anyhow::Result<()> {
    Err(crate::error::Error::NotCovered("`miglab chart` is not available yet".into()).into())
}
