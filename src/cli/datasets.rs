//! `miglab datasets build --from ../shared/data`: rebuilds the embedded datasets from the
//! publishers' files (then `cargo build` compiles them in).

use std::path::PathBuf;

use clap::{Args as ClapArgs, Subcommand};

use crate::sources::build::build_all;

#[derive(Debug, Subcommand)]
pub enum DatasetsCommand {
    /// Import every publisher file under --from into tidy datasets in --out.
    Build(BuildArgs),
}

#[derive(Debug, ClapArgs)]
pub struct BuildArgs {
    /// The folder of publisher files (the layout of ../shared/data).
    #[arg(long)]
    pub from: PathBuf,
    /// Where to write the datasets (the crate's datasets/ folder by default).
    #[arg(long, default_value = "datasets")]
    pub out: PathBuf,
}

pub fn run(cmd: DatasetsCommand) -> anyhow::Result<()> {
    match cmd {
        DatasetsCommand::Build(args) => {
            if !args.from.is_dir() {
                return Err(crate::error::Error::Usage(format!(
                    "--from {} is not a folder; give the folder with un_wpp2024/, un_desa_ims2024/, iom_gdidata/, unhcr_refugees_pkg/, worldbank_wdi_csv/",
                    args.from.display()
                ))
                .into());
            }
            std::fs::create_dir_all(&args.out)?;
            let built = build_all(&args.from, &args.out, &mut |m| eprintln!("{m}"))?;
            for b in &built {
                eprintln!(
                    "{}: {} rows -> {}",
                    b.provenance.name,
                    b.provenance.rows,
                    b.path.display()
                );
            }
            Ok(())
        }
    }
}
