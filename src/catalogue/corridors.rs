//! Corridors whose migrant stocks are not what a reader expects: the people counted between
//! Armenia and Azerbaijan are mostly those displaced by the conflict of 1988-1994 and their
//! families, counted as foreign-born where they live, not recent emigrants choosing a
//! destination. Findings and tables about such a pair say so beside the figure.

use super::Text;

/// A corridor (origin, destination) and what to say beside its figures; `{partner}` is the
/// other country's name in the reader's language.
pub struct CorridorNote {
    pub origin: &'static str,
    pub destination: &'static str,
    pub note: Text,
}

const DISPLACEMENT_1988_1994: Text = Text::new(
    "{partner}: mostly people displaced by the conflict of 1988-1994 and counted where they settled, not recent migrants",
    "{partner}: əsasən 1988-1994-cü illərin münaqişəsi nəticəsində yerini dəyişmiş və məskunlaşdıqları yerdə sayılan insanlardır, son illərin miqrantları deyil",
    "{partner}: в основном люди, перемещённые в результате конфликта 1988-1994 годов и учтённые там, где они поселились, а не недавние мигранты",
);

/// Every corridor with a note (UNHCR statistics; IMS counts refugees in the stocks).
pub const CORRIDOR_NOTES: &[CorridorNote] = &[
    CorridorNote {
        origin: "AZE",
        destination: "ARM",
        note: DISPLACEMENT_1988_1994,
    },
    CorridorNote {
        origin: "ARM",
        destination: "AZE",
        note: DISPLACEMENT_1988_1994,
    },
];

/// The note of a corridor, in either direction of reading (origin → destination).
pub fn corridor_note(origin: &str, destination: &str) -> Option<&'static Text> {
    CORRIDOR_NOTES
        .iter()
        .find(|c| c.origin == origin && c.destination == destination)
        .map(|c| &c.note)
}
