//! A chart request: what to draw (a kind), from what (a measure request or a tidy CSV), in which
//! language and size, and where. [`draw`] answers it: it reads the data, builds the
//! [`ChartSpec`](super::ChartSpec) ([`super::spec`]) and writes the image with its data and
//! alt-text sidecars, staged so that nothing is half-written.

use std::path::{Path, PathBuf};

use super::{ChartSpec, ImageFormat, Kind};
use crate::catalogue::MeasureKind;
use crate::error::{Error, Result};
use crate::measures::engine;
use crate::measures::estimate::run::FlowMethodChoice;
use crate::measures::MeasureRow;
use crate::query::{SexFilter, YearSet};
use crate::request::{MeasureRequest, Places};
use crate::Lang;

/// Where a chart's values come from.
#[derive(Debug, Clone, PartialEq)]
pub enum ChartData {
    /// A measure, computed by [`engine::compute`].
    Measure(MeasureRequest),
    /// A CSV in miglab's tidy layout (`data show --format csv`, `measure --format csv`).
    TidyCsv(TidyCsv),
}

/// A tidy CSV and the rows of it to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct TidyCsv {
    pub path: PathBuf,
    /// Countries kept (matched against country, origin or destination); all when `None`.
    pub countries: Option<Places>,
    pub years: Option<YearSet>,
    /// Sexes kept; both sexes only when `None`.
    pub sexes: Option<SexFilter>,
}

impl TidyCsv {
    pub fn new(path: impl Into<PathBuf>) -> TidyCsv {
        TidyCsv {
            path: path.into(),
            countries: None,
            years: None,
            sexes: None,
        }
    }
}

/// One chart: `miglab chart KIND ...`, a chart step of an exercise, or a notebook's chart.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartRequest {
    pub kind: Kind,
    pub data: ChartData,
    /// The quantity (of a measure) or indicator (of a CSV) to draw; default: the measure's main
    /// quantity, or the CSV's first indicator.
    pub quantity: Option<String>,
    pub lang: Lang,
    /// Width and height in pixels.
    pub size: (u32, u32),
    /// Replaces the title.
    pub title: Option<String>,
    /// Replaces the subtitle.
    pub subtitle: Option<String>,
    /// The image, `.png` or `.svg`; the sidecars are named after it ([`sidecar_paths`]).
    pub out: PathBuf,
}

/// The default size: a 16:9 slide.
pub const DEFAULT_SIZE: (u32, u32) = (1920, 1080);

impl ChartRequest {
    /// A chart of `data` in English at the default size, to be written to `out`.
    pub fn new(kind: Kind, data: ChartData, out: impl Into<PathBuf>) -> ChartRequest {
        ChartRequest {
            kind,
            data,
            quantity: None,
            lang: Lang::En,
            size: DEFAULT_SIZE,
            title: None,
            subtitle: None,
            out: out.into(),
        }
    }

    /// A chart of a measure (give the file with [`ChartRequest::out`] before [`draw`]).
    pub fn measure(kind: Kind, request: MeasureRequest) -> ChartRequest {
        ChartRequest::new(kind, ChartData::Measure(request), PathBuf::new())
    }

    /// A chart of a tidy CSV (every row of it, both sexes).
    pub fn tidy_csv(kind: Kind, path: impl Into<PathBuf>) -> ChartRequest {
        ChartRequest::new(kind, ChartData::TidyCsv(TidyCsv::new(path)), PathBuf::new())
    }

    pub fn quantity(mut self, quantity: &str) -> Self {
        self.quantity = Some(quantity.to_string());
        self
    }

    pub fn lang(mut self, lang: Lang) -> Self {
        self.lang = lang;
        self
    }

    pub fn size(mut self, width: u32, height: u32) -> Self {
        self.size = (width, height);
        self
    }

    pub fn title(mut self, title: &str) -> Self {
        self.title = Some(title.to_string());
        self
    }

    pub fn subtitle(mut self, subtitle: &str) -> Self {
        self.subtitle = Some(subtitle.to_string());
        self
    }

    pub fn out(mut self, out: impl Into<PathBuf>) -> Self {
        self.out = out.into();
        self
    }

    /// The files the request reads (a tidy CSV), which no output may replace.
    pub fn inputs(&self) -> Vec<&Path> {
        match &self.data {
            ChartData::Measure(_) => Vec::new(),
            ChartData::TidyCsv(csv) => vec![csv.path.as_path()],
        }
    }

    /// Checks what can be checked before any data are read: the size, the image format, the
    /// kind against the measure, and that no output replaces an input.
    pub fn validate(&self) -> Result<()> {
        let (w, h) = self.size;
        super::parse_size(&format!("{w}x{h}"))?;
        if self.out.as_os_str().is_empty() {
            return Err(Error::usage(
                "the chart has no file to be drawn to",
                "give --out FILE.png or FILE.svg (in Rust: `.out(\"chart.svg\")`)",
            ));
        }
        ImageFormat::from_path(&self.out)?;
        if let ChartData::Measure(m) = &self.data {
            let balancing = m.measure == MeasureKind::Balancing;
            if self.kind == Kind::Components && !balancing {
                return Err(Error::usage(
                    "components draws the balancing equation",
                    "drop --measure (or give --measure balancing)",
                ));
            }
            if self.kind == Kind::Corridors && m.measure != MeasureKind::Flows {
                return Err(Error::usage(
                    "corridors draws estimated flows between places",
                    "drop --measure (or give --measure flows)",
                ));
            }
            if self.kind == Kind::Corridors && m.method == Some(FlowMethodChoice::All) {
                return Err(Error::usage(
                    "corridors draws one method at a time",
                    "give --method demographic-closed (or another method); `measure flows --method all` shows the range",
                ));
            }
        }
        refuse_overwriting_inputs(&self.out, &self.inputs())
    }
}

/// The measure a chart of `kind` draws: the one named, or for components the balancing
/// equation and for corridors the estimated flows; every other kind needs one named.
pub fn measure_for(kind: Kind, named: Option<MeasureKind>) -> Result<MeasureKind> {
    match (kind, named) {
        (Kind::Components, None) => Ok(MeasureKind::Balancing),
        (Kind::Corridors, None) => Ok(MeasureKind::Flows),
        (_, Some(m)) => Ok(m),
        (kind, None) => Err(Error::usage(
            format!(
                "chart {} needs --measure NAME or --from FILE.csv",
                kind.name()
            ),
            "e.g. --measure cnmr",
        )),
    }
}

/// The sidecars of an image: its data (`NAME.data.csv`) and its alt-text (`NAME.alt.txt`). A
/// PNG and an SVG of one chart share them; an input `NAME.csv` is never one of them.
pub fn sidecar_paths(image: &Path) -> (PathBuf, PathBuf) {
    let stem = image
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    (
        image.with_file_name(format!("{stem}.data.csv")),
        image.with_file_name(format!("{stem}.alt.txt")),
    )
}

/// A chart drawn: its spec and the files written.
#[derive(Debug, Clone)]
pub struct DrawnChart {
    pub spec: ChartSpec,
    pub image: PathBuf,
    pub data: PathBuf,
    pub alt_text: PathBuf,
    /// What a reader should know about the measure's values (projections, missing values).
    pub warnings: Vec<String>,
}

impl DrawnChart {
    /// The image and its sidecars.
    pub fn files(&self) -> [&Path; 3] {
        [&self.image, &self.data, &self.alt_text]
    }
}

/// The rows a request draws, with the measure's warnings.
pub(super) fn rows(request: &ChartRequest) -> Result<(Vec<MeasureRow>, Vec<String>)> {
    match &request.data {
        ChartData::TidyCsv(csv) => {
            let rows = super::tidy_csv::read(csv, request.quantity.as_deref())?;
            Ok((rows, Vec::new()))
        }
        ChartData::Measure(m) => {
            let result = engine::compute(m)?;
            let warnings = result.warnings().to_vec();
            Ok((result.into_rows(), warnings))
        }
    }
}

impl ChartRequest {
    /// The chart's spec, without writing anything (for notebooks: render it with
    /// [`super::render_svg`]).
    pub fn spec(&self) -> Result<ChartSpec> {
        Ok(spec_and_warnings(self)?.0)
    }
}

fn spec_and_warnings(request: &ChartRequest) -> Result<(ChartSpec, Vec<String>)> {
    let (w, h) = request.size;
    super::parse_size(&format!("{w}x{h}"))?;
    let (rows, warnings) = rows(request)?;
    let mut spec = super::spec::build(request, &rows)?;
    (spec.width, spec.height) = request.size;
    Ok((spec, warnings))
}

/// Draws a chart: reads its data, renders it and writes the image, `NAME.data.csv` and
/// `NAME.alt.txt` ([`sidecar_paths`]), all three staged ([`write_staged`]).
pub fn draw(request: &ChartRequest) -> Result<DrawnChart> {
    request.validate()?;
    let (spec, warnings) = spec_and_warnings(request)?;
    let image = match ImageFormat::from_path(&request.out)? {
        ImageFormat::Png => super::render_png(&spec)?,
        ImageFormat::Svg => super::render_svg(&spec)?.into_bytes(),
    };
    let csv = super::data_csv(&spec)?;
    let alt = super::alt_text(&spec);
    let (data, alt_text) = sidecar_paths(&request.out);
    write_staged(&[
        (&request.out, &image),
        (&data, csv.as_bytes()),
        (&alt_text, alt.as_bytes()),
    ])?;
    Ok(DrawnChart {
        spec,
        image: request.out.clone(),
        data,
        alt_text,
        warnings,
    })
}

/// The path as the file system names it (the folder resolved, the file need not exist).
fn resolved(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    match (dir.canonicalize(), path.file_name()) {
        (Ok(d), Some(name)) => d.join(name),
        _ => path.to_path_buf(),
    }
}

/// Refuses an image or sidecar path that is one of the inputs, or a folder, before anything is
/// read or written.
fn refuse_overwriting_inputs(image: &Path, inputs: &[&Path]) -> Result<()> {
    let (data, alt) = sidecar_paths(image);
    for out in [image, data.as_path(), alt.as_path()] {
        let problem = if out.is_dir() {
            format!("{} is a folder", out.display())
        } else if let Some(input) = inputs.iter().find(|i| resolved(i) == resolved(out)) {
            let input = crate::escape::for_message(&input.display().to_string(), 200);
            format!("the chart would overwrite its input {input}")
        } else {
            continue;
        };
        return Err(Error::usage(
            problem,
            format!(
                "give --out another name: the chart writes {} beside the image",
                sidecar_names(image)
            ),
        ));
    }
    Ok(())
}

fn sidecar_names(image: &Path) -> String {
    let (data, alt) = sidecar_paths(image);
    let name = |p: &Path| {
        p.file_name()
            .map_or(String::new(), |n| n.to_string_lossy().into_owned())
    };
    format!("{} and {}", name(&data), name(&alt))
}

/// Writes several files as one: each into a temporary file in its folder, and only when all are
/// written are they renamed into place. A failed write removes the temporary files and leaves
/// every existing file as it was.
pub fn write_staged(files: &[(&Path, &[u8])]) -> Result<()> {
    let mut staged = Vec::with_capacity(files.len());
    for (path, bytes) in files {
        staged.push((stage(path, bytes)?, *path));
    }
    // Renames within one folder; a failure here is as unlikely as a failed rename of one file.
    for (temp, path) in staged {
        temp.persist(path).map_err(|e| Error::Write {
            path: path.to_path_buf(),
            source: e.error,
        })?;
    }
    Ok(())
}

fn stage(path: &Path, bytes: &[u8]) -> Result<tempfile::NamedTempFile> {
    use std::io::Write;
    let err = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    let mut temp = crate::output::temp_file_beside(path)?;
    temp.write_all(bytes).map_err(err)?;
    temp.as_file().sync_all().map_err(err)?;
    crate::output::make_shareable(&temp, path)?;
    Ok(temp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sidecars_never_take_the_input_name() {
        let (data, alt) = sidecar_paths(Path::new("out/net.png"));
        assert_eq!(data, Path::new("out/net.data.csv"));
        assert_eq!(alt, Path::new("out/net.alt.txt"));
        assert_ne!(data, Path::new("out/net.csv"));
    }

    #[test]
    fn an_output_equal_to_an_input_is_a_usage_error() {
        let e = refuse_overwriting_inputs(Path::new("net.png"), &[Path::new("./net.data.csv")])
            .unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(refuse_overwriting_inputs(Path::new("net.png"), &[Path::new("net.csv")]).is_ok());
    }
}
