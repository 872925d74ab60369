//! The words and numbers of a chart in English, Azerbaijani and Russian.
//!
//! Number formats (grouping and decimal separators) come from CLDR through ICU4X; country names
//! from the crosswalk (CLDR names). The UI strings below are written by hand for each language;
//! the words of each quantity (title, axis, caption) are the catalogue's
//! ([`crate::catalogue::Quantity`]).

use icu_decimal::input::Decimal;
use icu_decimal::DecimalFormatter;
use icu_provider::prelude::icu_locale_core::Locale;

use crate::countries::{Crosswalk, GROUPS};
use crate::Lang;

/// Formats numbers by the CLDR conventions of a language.
pub struct Numbers {
    formatter: Option<DecimalFormatter>,
}

impl Numbers {
    pub fn new(lang: Lang) -> Numbers {
        let formatter = Locale::try_from_str(lang.code())
            .ok()
            .and_then(|l| DecimalFormatter::try_new((&l).into(), Default::default()).ok());
        Numbers { formatter }
    }

    /// `v` rounded to `decimals` places, with the language's grouping and decimal separators.
    pub fn format(&self, v: f64, decimals: u8) -> String {
        let d = i16::from(decimals.min(6));
        let scaled = (v * 10f64.powi(i32::from(d))).round();
        if !scaled.is_finite() || scaled.abs() > 9.0e15 {
            return format!("{v}");
        }
        let scaled = scaled as i64;
        let mut dec = Decimal::from(scaled);
        dec.absolute.multiply_pow10(-d);
        dec.absolute.pad_end(-d);
        match &self.formatter {
            Some(f) => {
                // A rounded -0 is printed as 0.
                if scaled == 0 {
                    f.format_to_string(&Decimal::from(0).padded_end_signed(-d))
                } else {
                    f.format_to_string(&dec)
                }
            }
            None => crate::output::readable_number(v),
        }
    }
}

trait PadSigned {
    fn padded_end_signed(self, position: i16) -> Self;
}

impl PadSigned for Decimal {
    fn padded_end_signed(mut self, position: i16) -> Self {
        self.absolute.pad_end(position);
        self
    }
}

/// How many decimals to show for values of this size (or this tick step).
pub fn decimals_for(step: f64) -> u8 {
    let step = step.abs();
    if step == 0.0 || !step.is_finite() || step >= 1.0 {
        0
    } else if step >= 0.1 {
        1
    } else if step >= 0.01 {
        2
    } else {
        3
    }
}

/// The name of a country code or a group label in a language (the code itself when unknown).
pub fn place_name(code: &str, lang: Lang) -> String {
    if let Some(g) = GROUPS.iter().find(|g| g.name == code) {
        return group_name(g.name, lang).unwrap_or(g.title).to_string();
    }
    // IMS's origin "unknown" (country of birth not recorded or not allocated).
    if code == "OOO" {
        return lang.pick("Unknown", "Naməlum", "Неизвестно").to_string();
    }
    if code == "eu27" || code == crate::countries::EU27_AGGREGATE {
        return lang
            .pick(
                "European Union (27)",
                "Avropa İttifaqı (27)",
                "Европейский союз (27)",
            )
            .to_string();
    }
    match Crosswalk::embedded().ok().and_then(|cw| cw.by_code(code)) {
        Some(c) => c.name(lang.code()).to_string(),
        None => code.to_string(),
    }
}

fn group_name(name: &str, lang: Lang) -> Option<&'static str> {
    Some(match name {
        "south-caucasus" => lang.pick("South Caucasus", "Cənubi Qafqaz", "Южный Кавказ"),
        "central-asia" => lang.pick("Central Asia", "Mərkəzi Asiya", "Центральная Азия"),
        "eastern-partnership" => lang.pick(
            "Eastern Partnership",
            "Şərq Tərəfdaşlığı",
            "Восточное партнёрство",
        ),
        "eeca" => lang.pick(
            "Eastern Europe, Caucasus and Central Asia",
            "Şərqi Avropa, Qafqaz və Mərkəzi Asiya",
            "Восточная Европа, Кавказ и Центральная Азия",
        ),
        _ => return None,
    })
}

/// A UI string by key. Unknown keys come back as they are.
pub fn t(key: &str, lang: Lang) -> &str {
    let (en, az, ru) = match key {
        "source" => ("Source", "Mənbə", "Источник"),
        "year" => ("Year", "İl", "Год"),
        "period" => ("Period", "Dövr", "Период"),
        "country" => ("Country", "Ölkə", "Страна"),
        "destination" => (
            "Country of destination",
            "Təyinat ölkəsi",
            "Страна назначения",
        ),
        "origin" => ("Country of origin", "Mənşə ölkəsi", "Страна происхождения"),
        "sex" => ("Sex", "Cins", "Пол"),
        "total" => ("Both sexes", "Hər iki cins", "Оба пола"),
        "female" => ("Women", "Qadınlar", "Женщины"),
        "male" => ("Men", "Kişilər", "Мужчины"),
        "persons" => ("Persons", "Nəfər", "Человек"),
        "per 1,000" => (
            "Per 1,000 population",
            "1000 nəfər əhaliyə",
            "На 1000 человек населения",
        ),
        "%" => ("Percent", "Faiz", "Процент"),
        "% per year" => ("Percent per year", "İllik faiz", "Процент в год"),
        "current US$" => ("Current US$", "Cari ABŞ dolları", "Текущие доллары США"),
        "projection_note" => (
            "Shaded: projections (UN WPP 2024, medium variant), not observations",
            "Kölgəli sahə: proqnozlar (BMT WPP 2024, orta variant), müşahidə deyil",
            "Затенено: прогноз (ООН WPP 2024, средний вариант), а не наблюдения",
        ),
        "projection_note_plain" => (
            "Includes projections (UN WPP 2024, medium variant), not observations",
            "Proqnozlar daxildir (BMT WPP 2024, orta variant), müşahidə deyil",
            "Включает прогноз (ООН WPP 2024, средний вариант), а не наблюдения",
        ),
        "imputed_note" => (
            "Some values are imputed by the publisher",
            "Bəzi qiymətlər naşir tərəfindən hesablanıb (imputasiya)",
            "Часть значений досчитана издателем (импутация)",
        ),
        "missing_note" => (
            "Missing values are left out, not shown as 0",
            "Olmayan qiymətlər göstərilmir, 0 kimi verilmir",
            "Отсутствующие значения не показаны и не заменены нулём",
        ),
        "citizens_note" => (
            "Some stocks count foreign citizens, not the foreign-born",
            "Bəzi göstəricilər xaricdə doğulanları deyil, xarici vətəndaşları sayır",
            "Часть данных учитывает иностранных граждан, а не родившихся за рубежом",
        ),
        "projection" => ("Projection", "Proqnoz", "Прогноз"),
        "other" => ("Other countries", "Digər ölkələr", "Другие страны"),
        "all_partners" => (
            "Total, all countries",
            "Bütün ölkələr üzrə cəmi",
            "Всего по всем странам",
        ),
        "born_in" => ("Born in", "Doğulduğu ölkə", "Страна рождения"),
        "living_in" => ("Living in", "Yaşadığı ölkə", "Страна проживания"),
        "emigrants_by_destination" => (
            "Emigrants by country of destination",
            "Emiqrantlar təyinat ölkələri üzrə",
            "Эмигранты по странам назначения",
        ),
        "immigrants_by_origin" => (
            "Immigrants by country of origin",
            "İmmiqrantlar mənşə ölkələri üzrə",
            "Иммигранты по странам происхождения",
        ),
        "sum_of" => ("sum of", "cəmi", "сумма"),
        // Estimated flows: origin and destination are places of residence at the start and end
        // of the period (not of birth).
        "flow_from" => ("Moving from", "Çıxdığı ölkə", "Страна выбытия"),
        "flow_to" => ("Moving to", "Gəldiyi ölkə", "Страна прибытия"),
        "largest_corridors" => (
            "The {n} largest corridors",
            "Ən böyük {n} dəhliz",
            "{n} крупнейших коридоров",
        ),
        "corridors_shown" => (
            "{shown} largest of {all} corridors shown",
            "{all} dəhlizdən ən böyük {shown} dəhliz göstərilib",
            "показаны {shown} крупнейших из {all} коридоров",
        ),
        "estimate_method" => (
            "Estimate, not a measured flow; method",
            "Təxmindir, ölçülmüş axın deyil; metod",
            "Оценка, а не измеренный поток; метод",
        ),
        "conflict_caveat" => (
            "Armenia–Azerbaijan: the stocks are mostly persons displaced by the conflict of 1988–1994; their decline is mortality and reclassification more than migration",
            "Ermənistan–Azərbaycan: saylar əsasən 1988–1994 münaqişəsi nəticəsində məcburi köçkün düşmüş şəxslərdir; onların azalması miqrasiyadan çox ölüm və yenidən təsnifatdır",
            "Армения–Азербайджан: это в основном лица, перемещённые в результате конфликта 1988–1994 годов; их убыль — скорее смертность и переклассификация, чем миграция",
        ),
        // The components chart draws the balancing equation, not one quantity.
        "components_title" => (
            "Components of population change",
            "Əhali sayının dəyişməsinin komponentləri",
            "Компоненты изменения численности населения",
        ),
        "components_caption" => (
            "population change = (births − deaths) + net migration; net migration = immigrants − emigrants",
            "əhali sayının dəyişməsi = (doğulanlar − ölənlər) + xalis miqrasiya; xalis miqrasiya = immiqrantlar − emiqrantlar",
            "изменение численности = (родившиеся − умершие) + чистая миграция; чистая миграция = иммигранты − эмигранты",
        ),
        _ => return key,
    };
    lang.pick(en, az, ru)
}

/// What a flow-estimation method does, in a few words (the method's name stays as printed in
/// the tables, e.g. `demographic-closed`).
pub fn flow_method_words(name: &str, lang: Lang) -> Option<&'static str> {
    Some(match name {
        "stock-difference" => lang.pick(
            "stock differencing, falls dropped: a rough lower bound",
            "saylar fərqi, azalmalar nəzərə alınmır: kobud aşağı hədd",
            "разность численности, убыль отброшена: грубая нижняя граница",
        ),
        "stock-difference-return" => lang.pick(
            "stock differencing, falls read as returns",
            "saylar fərqi, azalmalar qayıdış kimi",
            "разность численности, убыль как возвратная миграция",
        ),
        "demographic-closed" => lang.pick(
            "demographic accounting, closed world, fewest moves",
            "demoqrafik balans, qapalı sistem, minimum köç",
            "демографический баланс, замкнутая система, минимум переездов",
        ),
        "demographic-closed-independent" => lang.pick(
            "demographic accounting, closed world, independence model",
            "demoqrafik balans, qapalı sistem, müstəqillik modeli",
            "демографический баланс, замкнутая система, модель независимости",
        ),
        _ => return None,
    })
}

/// The name of a component series of the balancing chart.
pub fn component_name(name: &str, lang: Lang) -> Option<&'static str> {
    Some(match name {
        "natural_increase" => lang.pick(
            "Natural increase (births − deaths)",
            "Təbii artım (doğulanlar − ölənlər)",
            "Естественный прирост (родившиеся − умершие)",
        ),
        "net_migration_residual" | "net_migrants" => {
            lang.pick("Net migration", "Xalis miqrasiya", "Чистая миграция")
        }
        "population_change" => lang.pick(
            "Population change",
            "Əhali sayının dəyişməsi",
            "Изменение численности населения",
        ),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_cldr() {
        assert_eq!(Numbers::new(Lang::En).format(1234567.0, 0), "1,234,567");
        assert_eq!(Numbers::new(Lang::En).format(-5.387, 1), "-5.4");
        assert_eq!(Numbers::new(Lang::Az).format(1234567.0, 0), "1.234.567");
        assert_eq!(Numbers::new(Lang::Az).format(2.5, 1), "2,5");
        let ru = Numbers::new(Lang::Ru).format(1234567.0, 0);
        assert_eq!(ru.replace('\u{a0}', " "), "1 234 567");
        assert_eq!(Numbers::new(Lang::En).format(-0.01, 1), "0.0");
    }
}
