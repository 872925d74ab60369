//! Presentation style: the embedded font, the Okabe–Ito palette, type sizes for slides.

use std::sync::Once;

use plotters::style::{FontFamily, FontStyle, RGBColor};

/// DejaVu Sans (Bitstream Vera licence, see `fonts/LICENSE-DejaVu.txt`): Latin with ə ğ ı ö ş ü ç
/// and Cyrillic, so charts render the same on machines with no fonts installed.
static REGULAR: &[u8] = include_bytes!("fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("fonts/DejaVuSans-Bold.ttf");

/// The family name the charts use (and SVG viewers fall back on).
pub const FAMILY: &str = "sans-serif";

/// Registers the embedded font with plotters once.
pub fn register_fonts() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // The bytes are compiled in and valid; a failure would only lose the font.
        let _ = plotters::style::register_font(FAMILY, FontStyle::Normal, REGULAR);
        let _ = plotters::style::register_font(FAMILY, FontStyle::Bold, BOLD);
    });
}

pub fn family() -> FontFamily<'static> {
    FontFamily::Name(FAMILY)
}

/// Okabe–Ito colour-blind-safe palette, in the order series get them (yellow last: low contrast
/// on white).
pub const SERIES: [RGBColor; 8] = [
    RGBColor(0x00, 0x72, 0xB2), // blue
    RGBColor(0xE6, 0x9F, 0x00), // orange
    RGBColor(0x00, 0x9E, 0x73), // bluish green
    RGBColor(0xCC, 0x79, 0xA7), // reddish purple
    RGBColor(0x56, 0xB4, 0xE9), // sky blue
    RGBColor(0xD5, 0x5E, 0x00), // vermillion
    RGBColor(0x00, 0x00, 0x00), // black
    RGBColor(0xF0, 0xE4, 0x42), // yellow
];

/// Diverging pair for net figures (Okabe–Ito blue for gains, vermillion for losses).
pub const POSITIVE: RGBColor = RGBColor(0x00, 0x72, 0xB2);
pub const NEGATIVE: RGBColor = RGBColor(0xD5, 0x5E, 0x00);

pub const TEXT: RGBColor = RGBColor(0x1A, 0x1A, 0x1A);
pub const MUTED: RGBColor = RGBColor(0x55, 0x55, 0x55);
pub const GRID: RGBColor = RGBColor(0xDD, 0xDD, 0xDD);
pub const AXIS: RGBColor = RGBColor(0x88, 0x88, 0x88);
pub const SHADE: RGBColor = RGBColor(0xEC, 0xEC, 0xEC);

pub fn series_color(i: usize) -> RGBColor {
    SERIES[i % SERIES.len()]
}

/// The fixed colour of a country of the region (index into [`SERIES`]), so a country keeps its
/// colour in every chart of every pack. Pairs that exercises compare get different colours.
pub fn country_color(code: &str) -> Option<RGBColor> {
    let i = match code {
        "ARM" => 0,
        "AZE" => 1,
        "GEO" => 2,
        "RUS" | "KGZ" | "MDA" => 3,
        "TUR" | "TJK" | "UKR" => 4,
        "KAZ" | "BLR" => 5,
        "UZB" | "TKM" => 6,
        _ => return None,
    };
    Some(SERIES[i])
}

/// The colour of series `i` among series `keys`: each country's fixed colour when every series
/// is a country with one and no two share it, the palette in order otherwise.
pub fn country_series_color<'a>(keys: impl Iterator<Item = &'a str>, i: usize) -> RGBColor {
    let fixed: Option<Vec<RGBColor>> = keys.map(country_color).collect();
    match fixed {
        Some(colors) if i < colors.len() && distinct(&colors) => colors[i],
        _ => series_color(i),
    }
}

fn distinct(colors: &[RGBColor]) -> bool {
    colors
        .iter()
        .enumerate()
        .all(|(i, a)| colors[i + 1..].iter().all(|b| a != b))
}

/// Type and spacing for a canvas, scaled from the 1920×1080 design.
#[derive(Debug, Clone, Copy)]
pub struct Sizes {
    pub scale: f64,
    pub title: f64,
    pub subtitle: f64,
    pub legend: f64,
    pub tick: f64,
    pub axis_title: f64,
    pub value_label: f64,
    pub caption: f64,
    pub margin: i32,
    pub line_width: u32,
}

impl Sizes {
    pub fn for_canvas(width: u32, height: u32) -> Sizes {
        let scale = (f64::from(width) / 1920.0).min(f64::from(height) / 1080.0);
        let px = |v: f64| (v * scale).max(8.0);
        Sizes {
            scale,
            title: px(60.0),
            subtitle: px(38.0),
            legend: px(36.0),
            tick: px(32.0),
            axis_title: px(34.0),
            value_label: px(30.0),
            caption: px(27.0),
            margin: (60.0 * scale).round().max(8.0) as i32,
            line_width: (6.0 * scale).round().max(2.0) as u32,
        }
    }

    pub fn px(&self, v: f64) -> i32 {
        (v * self.scale).round() as i32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A country has its colour whatever the chart's other series, and the pairs the exercises
    /// compare never share one.
    #[test]
    fn one_colour_per_country_in_every_chart() {
        let three = ["ARM", "AZE", "GEO"];
        for (i, code) in three.iter().enumerate() {
            let alone = country_series_color([*code].into_iter(), 0);
            assert_eq!(country_series_color(three.into_iter(), i), alone, "{code}");
        }
        let pair = ["AZE", "GEO"];
        assert_eq!(
            country_series_color(pair.into_iter(), 0),
            country_series_color(three.into_iter(), 1)
        );
        for e in crate::exercise::all().expect("exercises") {
            for choice in e.build.iter().flat_map(|b| b.choices.iter()) {
                let codes: Vec<&str> = choice.split(',').collect();
                let colours: Vec<_> = codes.iter().map(|c| country_color(c)).collect();
                assert!(colours.iter().all(Option::is_some), "{choice}");
                assert!(
                    distinct(&colours.into_iter().flatten().collect::<Vec<_>>()),
                    "{choice}"
                );
            }
        }
        // Series that are not countries of the region take the palette in order.
        assert_eq!(country_series_color(["x", "y"].into_iter(), 1), SERIES[1]);
    }
}
