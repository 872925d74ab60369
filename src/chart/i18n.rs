//! The words and numbers of a chart in English, Azerbaijani and Russian.
//!
//! Number formats (grouping and decimal separators) come from CLDR through ICU4X; country names
//! from the crosswalk (CLDR names). The UI strings below are written by hand for each language.

use icu_decimal::input::Decimal;
use icu_decimal::DecimalFormatter;
use icu_provider::prelude::icu_locale_core::Locale;

use crate::countries::{Crosswalk, GROUPS};

/// The language of a chart's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Lang {
    /// English
    En,
    /// Azerbaijani (Latin script)
    Az,
    /// Russian
    Ru,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Az => "az",
            Lang::Ru => "ru",
        }
    }

    /// Picks the string of this language.
    pub fn pick<'a>(self, en: &'a str, az: &'a str, ru: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Az => az,
            Lang::Ru => ru,
        }
    }
}

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
    if code == "eu27" {
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
        _ => return key,
    };
    lang.pick(en, az, ru)
}

/// Title, axis name and short definition of a measure quantity.
pub struct Quantity {
    pub title: &'static str,
    pub axis: &'static str,
    pub definition: &'static str,
}

/// The words for a measure quantity (`cnmr`, `migrant_stock`, `change`...), if known.
pub fn quantity(name: &str, lang: Lang) -> Option<Quantity> {
    let q = |t: [&'static str; 3], a: [&'static str; 3], d: [&'static str; 3]| Quantity {
        title: lang.pick(t[0], t[1], t[2]),
        axis: lang.pick(a[0], a[1], a[2]),
        definition: lang.pick(d[0], d[1], d[2]),
    };
    let net_def = [
        "net migrants = immigrants − emigrants",
        "xalis miqrasiya = gələnlər − gedənlər (immiqrantlar − emiqrantlar)",
        "чистая миграция = иммигранты − эмигранты",
    ];
    Some(match name {
        "cnmr" | "cnmr_un" => q(
            [
                "Crude net migration rate",
                "Xalis miqrasiya əmsalı",
                "Общий коэффициент чистой миграции",
            ],
            [
                "Net migrants per 1,000 population",
                "1000 nəfər əhaliyə xalis miqrantlar",
                "Чистая миграция на 1000 человек населения",
            ],
            [
                "net migration rate = (immigrants − emigrants) / mid-year population × 1,000",
                "xalis miqrasiya əmsalı = (immiqrantlar − emiqrantlar) / ilin ortasına əhali × 1000",
                "коэффициент чистой миграции = (иммигранты − эмигранты) / население на середину года × 1000",
            ],
        ),
        "net_migrants" | "net_migrants_published" | "net_migration_residual" => q(
            ["Net migration", "Xalis miqrasiya", "Чистая миграция"],
            ["Net migrants, persons", "Xalis miqrantlar, nəfər", "Чистая миграция, человек"],
            net_def,
        ),
        "migrant_stock" => q(
            [
                "International migrant stock",
                "Beynəlxalq miqrantların sayı",
                "Численность международных мигрантов",
            ],
            ["Migrants, persons", "Miqrantlar, nəfər", "Мигранты, человек"],
            [
                "migrant stock = persons born in the origin country living in the destination country, mid-year",
                "miqrantların sayı = mənşə ölkəsində doğulub təyinat ölkəsində yaşayan şəxslər, ilin ortası",
                "численность мигрантов = лица, родившиеся в стране происхождения и живущие в стране назначения, на середину года",
            ],
        ),
        "share_of_total" => q(
            [
                "Share of all emigrants",
                "Bütün miqrantlardakı payı",
                "Доля от всех мигрантов",
            ],
            ["Share, %", "Pay, %", "Доля, %"],
            [
                "share = stock with the partner / stock with all partners × 100",
                "pay = tərəfdaş ölkədəki say / bütün ölkələrdəki say × 100",
                "доля = численность в стране-партнёре / численность во всех странах × 100",
            ],
        ),
        "immigrant_stock" => q(
            ["Immigrant stock", "İmmiqrantların sayı", "Численность иммигрантов"],
            ["Immigrants, persons", "İmmiqrantlar, nəfər", "Иммигранты, человек"],
            [
                "immigrant stock = persons living in a country other than their country of birth, mid-year",
                "immiqrantların sayı = doğulduğu ölkədən başqa ölkədə yaşayan şəxslər, ilin ortası",
                "численность иммигрантов = лица, живущие не в стране своего рождения, на середину года",
            ],
        ),
        "emigrant_stock" => q(
            ["Emigrant stock", "Emiqrantların sayı", "Численность эмигрантов"],
            ["Emigrants, persons", "Emiqrantlar, nəfər", "Эмигранты, человек"],
            [
                "emigrant stock = persons born in the country living in any other country, mid-year",
                "emiqrantların sayı = ölkədə doğulub başqa ölkədə yaşayan şəxslər, ilin ortası",
                "численность эмигрантов = лица, родившиеся в стране и живущие в другой стране, на середину года",
            ],
        ),
        "stock_share" | "stock_share_un" => q(
            [
                "International migrants as % of population",
                "Beynəlxalq miqrantların əhalidə payı",
                "Доля международных мигрантов в населении",
            ],
            ["% of population", "Əhalinin %-i", "% населения"],
            [
                "share = immigrant stock / population × 100",
                "pay = immiqrantların sayı / əhali × 100",
                "доля = численность иммигрантов / население × 100",
            ],
        ),
        "emigrant_share" => q(
            [
                "Emigrants as % of population and emigrants",
                "Emiqrantların payı (əhali + emiqrantlar)",
                "Доля эмигрантов (население + эмигранты)",
            ],
            ["%", "%", "%"],
            [
                "share = emigrants / (resident population + emigrants) × 100",
                "pay = emiqrantlar / (əhali + emiqrantlar) × 100",
                "доля = эмигранты / (население + эмигранты) × 100",
            ],
        ),
        "female_share" | "female_share_un" => q(
            [
                "Women among international migrants",
                "Miqrantlar arasında qadınların payı",
                "Доля женщин среди мигрантов",
            ],
            ["Women, %", "Qadınlar, %", "Женщины, %"],
            [
                "female share = female stock / total stock × 100",
                "qadınların payı = qadın miqrantlar / bütün miqrantlar × 100",
                "доля женщин = женщины-мигранты / все мигранты × 100",
            ],
        ),
        "change" => q(
            [
                "Change in migrant stock by period",
                "Miqrantların sayının dövrlər üzrə dəyişməsi",
                "Изменение численности мигрантов по периодам",
            ],
            ["Change, persons", "Dəyişmə, nəfər", "Изменение, человек"],
            [
                "change = migrant stock at the end − at the start of the period (mid-year stocks)",
                "dəyişmə = dövrün sonunda miqrantların sayı − dövrün əvvəlində (ilin ortası)",
                "изменение = численность мигрантов на конец периода − на начало (на середину года)",
            ],
        ),
        "change_pct" => q(
            [
                "Change in migrant stock by period, %",
                "Miqrantların sayının dəyişməsi, %",
                "Изменение численности мигрантов, %",
            ],
            ["Change, %", "Dəyişmə, %", "Изменение, %"],
            [
                "change = (end − start) / start × 100",
                "dəyişmə = (son − əvvəl) / əvvəl × 100",
                "изменение = (конец − начало) / начало × 100",
            ],
        ),
        "annual_rate" => q(
            [
                "Annual rate of change of the migrant stock",
                "Miqrantların sayının illik dəyişmə tempi",
                "Среднегодовой темп изменения численности мигрантов",
            ],
            ["% per year", "İllik %", "% в год"],
            [
                "rate = 100 × ln(end / start) / years",
                "temp = 100 × ln(son / əvvəl) / illər",
                "темп = 100 × ln(конец / начало) / число лет",
            ],
        ),
        "stock_end" | "stock_start" => q(
            [
                "International migrant stock",
                "Beynəlxalq miqrantların sayı",
                "Численность международных мигрантов",
            ],
            ["Migrants, persons", "Miqrantlar, nəfər", "Мигранты, человек"],
            [
                "migrant stock = persons living outside their country of birth, mid-year",
                "miqrantların sayı = doğulduğu ölkədən kənarda yaşayan şəxslər, ilin ortası",
                "численность мигрантов = лица, живущие вне страны рождения, на середину года",
            ],
        ),
        "balancing" => q(
            [
                "Components of population change",
                "Əhali sayının dəyişməsinin komponentləri",
                "Компоненты изменения численности населения",
            ],
            ["Persons", "Nəfər", "Человек"],
            [
                "population change = (births − deaths) + net migration; net migration = immigrants − emigrants",
                "əhali sayının dəyişməsi = (doğulanlar − ölənlər) + xalis miqrasiya; xalis miqrasiya = immiqrantlar − emiqrantlar",
                "изменение численности = (родившиеся − умершие) + чистая миграция; чистая миграция = иммигранты − эмигранты",
            ],
        ),
        "natural_increase" => q(
            ["Natural increase", "Təbii artım", "Естественный прирост"],
            ["Persons", "Nəfər", "Человек"],
            [
                "natural increase = births − deaths",
                "təbii artım = doğulanlar − ölənlər",
                "естественный прирост = родившиеся − умершие",
            ],
        ),
        "population_change" => q(
            [
                "Population change",
                "Əhali sayının dəyişməsi",
                "Изменение численности населения",
            ],
            ["Persons", "Nəfər", "Человек"],
            [
                "population change = population on 1 January of the next year − on 1 January",
                "əhali sayının dəyişməsi = növbəti ilin 1 yanvarına əhali − 1 yanvara əhali",
                "изменение численности = население на 1 января следующего года − на 1 января",
            ],
        ),
        "remittances_gdp" => q(
            [
                "Personal remittances received, % of GDP",
                "Alınmış şəxsi pul köçürmələri, ÜDM-in %-i",
                "Полученные личные денежные переводы, % ВВП",
            ],
            ["% of GDP", "ÜDM-in %-i", "% ВВП"],
            [
                "remittances / GDP × 100 (both in current US$)",
                "pul köçürmələri / ÜDM × 100 (hər ikisi cari ABŞ dolları ilə)",
                "переводы / ВВП × 100 (оба в текущих долларах США)",
            ],
        ),
        "refugees_per_1000" => q(
            [
                "Refugees hosted per 1,000 population",
                "1000 nəfər əhaliyə qəbul edilmiş qaçqınlar",
                "Беженцы на 1000 человек населения",
            ],
            ["Per 1,000 population", "1000 nəfər əhaliyə", "На 1000 человек населения"],
            [
                "refugees (end of year) / mid-year population × 1,000",
                "qaçqınlar (ilin sonu) / ilin ortasına əhali × 1000",
                "беженцы (на конец года) / население на середину года × 1000",
            ],
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
