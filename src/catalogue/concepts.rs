//! The glossary: the UN and UNECE definitions used in international migration statistics, in our
//! own words, with the documents each comes from, the term and its definition in English,
//! Azerbaijani and Russian, and the measures of the catalogue that follow it (`miglab define`,
//! `miglab check`).

use super::documents::{
    Document, AZ_MIGRATION_CODE, AZ_REFUGEE_LAW, EGMS_2021, EUROSTAT_ASYLUM, GUIDING_1998,
    REFUGEE_1951, STATELESS_1954, UNECE_2020, UNHCR_STATS, UN_1998, WPP_2024,
};
use super::{MeasureKind, Text};
use crate::countries::fold;

/// One defined term of the glossary.
#[derive(Debug, Clone, Copy)]
pub struct Term {
    /// Stable key (`emigrant-stock`), also the definition a `check` concept points to.
    pub key: &'static str,
    /// The term in English, Azerbaijani and Russian.
    pub name: Text,
    /// Other names a reader may type (en/az/ru), matched like the names.
    pub aliases: &'static [&'static str],
    /// Person, concept, flow, stock, rate, legal status or mobility.
    pub kind: &'static str,
    /// The definition, in our own words, in English, Azerbaijani and Russian.
    pub text: Text,
    pub sources: &'static [Document],
    /// The measures that compute the term, or the closest ones (`data` says which): their
    /// formula, unit and source come from the catalogue.
    pub measures: &'static [MeasureKind],
    /// The embedded data that follow the definition, or what is missing, in English, Azerbaijani
    /// and Russian.
    pub data: Text,
    /// What to watch for when quoting figures under this term, in English, Azerbaijani and
    /// Russian.
    pub caveat: Text,
}

impl Term {
    fn names(&self) -> impl Iterator<Item = &'static str> {
        [self.key, self.name.en, self.name.az, self.name.ru]
            .into_iter()
            .chain(self.aliases.iter().copied())
    }

    /// The sources as a short list of keys ("UN 1998; UN EGMS 2021").
    pub fn source_keys(&self) -> String {
        super::documents::keys(self.sources)
    }
}

/// Every term `miglab define` knows, in teaching order.
pub const TERMS: &[Term] = &[
    Term {
        key: "international-migrant",
        name: Text::new("international migrant", "beynəlxalq miqrant", "международный мигрант"),
        aliases: &["migrant", "miqrant", "мигрант"],
        kind: "person",
        text: Text::new(
            "Someone who has moved from one country to another and made the new country their country of usual residence. Citizenship does not matter: nationals coming home, foreigners and stateless persons all count. The framework of 2021 looks at the change of usual residence within a reference year; a migrant is an immigrant seen from the arrival country and an emigrant seen from the departure country.",
            "Bir ölkədən digərinə köçmüş və yeni ölkəni özünün daimi yaşayış ölkəsinə çevirmiş şəxs. Vətəndaşlığın əhəmiyyəti yoxdur: vətənə qayıdan vətəndaşlar da, əcnəbilər də, vətəndaşlığı olmayan şəxslər də nəzərə alınır. 2021-ci il çərçivəsi hesabat ili ərzində daimi yaşayış ölkəsinin dəyişməsinə baxır; miqrant gəlib çatdığı ölkə üçün immiqrant, tərk etdiyi ölkə üçün isə emiqrantdır.",
            "Лицо, которое переехало из одной страны в другую и сделало новую страну своей страной обычного проживания. Гражданство значения не имеет: учитываются и граждане, возвращающиеся на родину, и иностранцы, и лица без гражданства. Концептуальная основа 2021 года рассматривает смену страны обычного проживания в течение отчётного года; для страны прибытия международный мигрант — иммигрант, для страны выбытия — эмигрант.",
        ),
        sources: &[UN_1998, EGMS_2021],
        measures: &[MeasureKind::ImmigrantStock, MeasureKind::EmigrantStock],
        data: Text::new(
            "ims2024 / ims2020 migrant_stock (persons counted where they live, by origin)",
            "ims2024 / ims2020 migrant_stock (şəxslər yaşadıqları ölkədə, mənşə ölkəsi üzrə sayılır)",
            "ims2024 / ims2020 migrant_stock (лица учитываются в стране, где они живут, с разбивкой по стране происхождения)",
        ),
        caveat: Text::new(
            "Stock counts (how many live abroad on a date) and flow counts (how many moved in a year) answer different questions; never compare one with the other.",
            "Miqrantların sayı (müəyyən tarixdə xaricdə neçə nəfərin yaşadığı) və miqrasiya axınları (il ərzində neçə nəfərin köçdüyü) fərqli suallara cavab verir; onları heç vaxt bir-biri ilə müqayisə etməyin.",
            "Численность мигрантов (сколько человек живёт за рубежом на определённую дату) и миграционные потоки (сколько человек переехало за год) отвечают на разные вопросы; никогда не сравнивайте одно с другим.",
        ),
    },
    Term {
        key: "long-term-migrant",
        name: Text::new("long-term migrant", "uzunmüddətli miqrant", "долгосрочный мигрант"),
        aliases: &["long term migrant"],
        kind: "person",
        text: Text::new(
            "A person who moves to a country other than the one of usual residence for at least a year, so that the destination becomes the new country of usual residence. Seen from the country left, the person is a long-term emigrant; seen from the destination, a long-term immigrant.",
            "Daimi yaşayış ölkəsindən başqa bir ölkəyə ən azı bir il müddətinə köçən şəxs; bununla təyinat ölkəsi onun yeni daimi yaşayış ölkəsinə çevrilir. Tərk etdiyi ölkə üçün bu şəxs uzunmüddətli emiqrant, təyinat ölkəsi üçün isə uzunmüddətli immiqrantdır.",
            "Лицо, переезжающее в страну, отличную от страны его обычного проживания, не менее чем на год, так что страна назначения становится его новой страной обычного проживания. Для покинутой страны это лицо — долгосрочный эмигрант, для страны назначения — долгосрочный иммигрант.",
        ),
        sources: &[UN_1998],
        measures: &[],
        data: Text::new(
            "no embedded dataset: counts of long-term migrants per year come from national registers or surveys (in Azerbaijan the State Statistics Committee with data of the State Migration Service)",
            "miglab-a daxil edilmiş məlumat dəsti yoxdur: uzunmüddətli miqrantların illik sayı milli reyestrlərdən və ya sorğulardan əldə edilir (Azərbaycanda Dövlət Miqrasiya Xidmətinin məlumatları əsasında Dövlət Statistika Komitəsi)",
            "встроенного набора данных нет: годовые данные о долгосрочных мигрантах дают национальные регистры или выборочные обследования (в Азербайджане — Государственный комитет по статистике на основе данных Государственной миграционной службы)",
        ),
        caveat: Text::new(
            "Countries apply the 12-month rule differently (intended vs actual stay), so national flow figures are not directly comparable.",
            "Ölkələr 12 ay qaydasını müxtəlif cür tətbiq edir (nəzərdə tutulan və ya faktiki qalma müddəti), buna görə milli axın göstəriciləri birbaşa müqayisə oluna bilməz.",
            "Страны по-разному применяют правило 12 месяцев (предполагаемый или фактический срок пребывания), поэтому национальные данные о потоках нельзя сравнивать напрямую.",
        ),
    },
    Term {
        key: "short-term-migrant",
        name: Text::new("short-term migrant", "qısamüddətli miqrant", "краткосрочный мигрант"),
        aliases: &["short term migrant"],
        kind: "person",
        text: Text::new(
            "A person who moves to another country for at least three months but less than a year, except for recreation, holidays, visits to friends and relatives, business, medical treatment or religious pilgrimage. The country of usual residence stays the same.",
            "Başqa bir ölkəyə ən azı üç ay, lakin bir ildən az müddətə köçən şəxs; istirahət, tətil, dost və qohumlara baş çəkmək, işgüzar səfər, müalicə və ya dini ziyarət məqsədilə gedənlər istisnadır. Daimi yaşayış ölkəsi dəyişmir.",
            "Лицо, переезжающее в другую страну не менее чем на три месяца, но менее чем на год, за исключением поездок с целью отдыха, проведения отпуска, посещения друзей и родственников, деловых поездок, лечения или религиозного паломничества. Страна обычного проживания при этом не меняется.",
        ),
        sources: &[UN_1998],
        measures: &[],
        data: Text::new(
            "no embedded dataset (needs border or survey statistics)",
            "miglab-a daxil edilmiş məlumat dəsti yoxdur (sərhəd statistikası və ya sorğu məlumatları lazımdır)",
            "встроенного набора данных нет (нужна пограничная статистика или данные обследований)",
        ),
        caveat: Text::new(
            "Short-term migrants are not in the resident population of the destination and are not in the UN DESA migrant stock.",
            "Qısamüddətli miqrantlar təyinat ölkəsinin daimi əhalisinə daxil deyil və BMT İSİD-in hesabladığı miqrantların sayına daxil edilmir.",
            "Краткосрочные мигранты не входят в постоянное население страны назначения и не учитываются в численности мигрантов, которую оценивает ДЭСВ ООН.",
        ),
    },
    Term {
        key: "usual-residence",
        name: Text::new("country of usual residence", "daimi yaşayış ölkəsi", "страна обычного проживания"),
        aliases: &["usual residence", "resident population", "daimi əhali", "постоянное население"],
        kind: "concept",
        text: Text::new(
            "The country where a person normally lives, i.e. spends the daily period of rest. Census recommendations set a duration threshold: a person is resident if they lived in the country for most of the last 12 months (at least six months and one day), or for at least 12 months without interruption, disregarding short trips abroad.",
            "Şəxsin adətən yaşadığı, yəni gündəlik istirahət vaxtını keçirdiyi ölkə. Siyahıyaalma tövsiyələri müddət həddi müəyyən edir: şəxs son 12 ayın çox hissəsini (ən azı altı ay və bir gün) və ya fasiləsiz ən azı 12 ay ölkədə yaşayıbsa, xaricə qısa səfərlər nəzərə alınmadan, həmin ölkənin daimi sakini sayılır.",
            "Страна, в которой лицо обычно живёт, то есть проводит ежедневный период отдыха. Рекомендации по переписям устанавливают порог продолжительности: лицо считается постоянным жителем страны, если прожило в ней большую часть последних 12 месяцев (не менее шести месяцев и одного дня) или не менее 12 месяцев без перерыва, не считая кратковременных поездок за рубеж.",
        ),
        sources: &[UNECE_2020, EGMS_2021],
        measures: &[],
        data: Text::new(
            "the base of every stock and rate: wpp2024 population (resident population at 1 July)",
            "bütün say (stok) və əmsal göstəricilərinin əsası: wpp2024 population (1 iyula daimi əhali)",
            "основа всех показателей численности и коэффициентов: wpp2024 population (постоянное население на 1 июля)",
        ),
        caveat: Text::new(
            "Whether a migrant is counted depends on this threshold; registers that never de-register emigrants overstate the resident population.",
            "Miqrantın nəzərə alınıb-alınmaması bu həddən asılıdır; ölkədən gedən emiqrantları heç vaxt qeydiyyatdan çıxarmayan reyestrlər daimi əhalinin sayını şişirdir.",
            "От этого порога зависит, будет ли мигрант учтён; регистры, которые никогда не снимают эмигрантов с учёта, завышают численность постоянного населения.",
        ),
    },
    Term {
        key: "immigration",
        name: Text::new("immigration (flow)", "immiqrasiya (axın)", "иммиграция (поток)"),
        aliases: &["immigration flow", "immigrants per year", "immiqrasiya", "иммиграция", "arrivals"],
        kind: "flow",
        text: Text::new(
            "Everyone who enters a country during a year and becomes part of its resident population, whatever their citizenship: returning nationals, foreigners and stateless persons alike.",
            "İl ərzində ölkəyə gələn və onun daimi əhalisinin tərkibinə daxil olan bütün şəxslər, vətəndaşlığından asılı olmayaraq: geri qayıdan vətəndaşlar da, əcnəbilər də, vətəndaşlığı olmayan şəxslər də.",
            "Все лица, которые в течение года въезжают в страну и становятся частью её постоянного населения, независимо от гражданства: и возвращающиеся граждане, и иностранцы, и лица без гражданства.",
        ),
        sources: &[EGMS_2021, UN_1998],
        measures: &[MeasureKind::NetMigration, MeasureKind::StockDifference],
        data: Text::new(
            "no embedded gross flow: WPP publishes only net migration; stock differencing gives a rough lower-bound proxy from IMS stocks",
            "miglab-a daxil edilmiş ümumi (brutto) axın məlumatı yoxdur: WPP yalnız xalis miqrasiyanı dərc edir; miqrant saylarının fərqi IMS məlumatlarından kobud, aşağı hədd kimi təxmini göstərici verir",
            "встроенных данных о валовом потоке нет: WPP публикует только чистую миграцию; разность численностей мигрантов по данным IMS даёт грубую оценку снизу",
        ),
        caveat: Text::new(
            "National immigration statistics often count only foreigners (in Azerbaijan the published flows cover non-nationals), so they are not the UN flow.",
            "Milli immiqrasiya statistikası çox vaxt yalnız əcnəbiləri sayır (Azərbaycanda dərc olunan axınlar ölkə vətəndaşı olmayan şəxsləri əhatə edir), buna görə bu rəqəmlər BMT tərifindəki axın deyil.",
            "Национальная статистика иммиграции часто учитывает только иностранцев (в Азербайджане публикуемые потоки охватывают лиц, не являющихся гражданами страны), поэтому это не поток в определении ООН.",
        ),
    },
    Term {
        key: "emigration",
        name: Text::new("emigration (flow)", "emiqrasiya (axın)", "эмиграция (поток)"),
        aliases: &["emigration flow", "emigrants per year", "emiqrasiya", "эмиграция", "departures"],
        kind: "flow",
        text: Text::new(
            "Everyone who leaves a country during a year to become part of another country's resident population, whatever their citizenship.",
            "İl ərzində başqa ölkənin daimi əhalisinin tərkibinə daxil olmaq üçün ölkəni tərk edən bütün şəxslər, vətəndaşlığından asılı olmayaraq.",
            "Все лица, которые в течение года покидают страну, чтобы стать частью постоянного населения другой страны, независимо от гражданства.",
        ),
        sources: &[EGMS_2021, UN_1998],
        measures: &[MeasureKind::NetMigration, MeasureKind::StockDifference],
        data: Text::new(
            "no embedded gross flow: emigration counts need national statistics or the receiving countries' immigration statistics (e.g. Eurostat migr_imm); net migration and stock differencing are related but different quantities",
            "miglab-a daxil edilmiş ümumi (brutto) axın məlumatı yoxdur: emiqrasiyanı saymaq üçün milli statistika və ya qəbul edən ölkələrin immiqrasiya statistikası lazımdır (məsələn, Eurostat migr_imm); xalis miqrasiya və miqrant saylarının fərqi bununla əlaqəli, lakin fərqli kəmiyyətlərdir",
            "встроенных данных о валовом потоке нет: для подсчёта эмиграции нужна национальная статистика или статистика иммиграции принимающих стран (например, Eurostat migr_imm); чистая миграция и разность численностей мигрантов — связанные с ней, но другие величины",
        ),
        caveat: Text::new(
            "Emigration is the hardest flow to measure: people who leave rarely de-register. A figure of \"people who left\" is a flow, not the emigrant stock.",
            "Emiqrasiya ölçülməsi ən çətin olan axındır: ölkəni tərk edənlər nadir hallarda qeydiyyatdan çıxırlar. “Ölkəni tərk edənlər” rəqəmi emiqrantların sayı deyil, axındır.",
            "Эмиграция — самый трудноизмеримый поток: уезжающие редко снимаются с учёта. Число «уехавших» — это поток, а не численность эмигрантов.",
        ),
    },
    Term {
        key: "returning-citizens",
        name: Text::new("returning citizens (flow)", "geri qayıdan vətəndaşlar (axın)", "возвращающиеся граждане (поток)"),
        aliases: &["returning citizens", "returning nationals"],
        kind: "flow",
        text: Text::new(
            "Citizens of the country who lived in another country and become residents of their own country again during the year.",
            "Başqa ölkədə yaşamış və il ərzində yenidən öz ölkəsinin daimi sakininə çevrilən ölkə vətəndaşları.",
            "Граждане страны, которые жили в другой стране и в течение года снова стали постоянными жителями своей страны.",
        ),
        sources: &[EGMS_2021],
        measures: &[],
        data: Text::new(
            "no embedded dataset (national border or register statistics); for refugees, unhcr returned_refugees is the closest published count",
            "miglab-a daxil edilmiş məlumat dəsti yoxdur (milli sərhəd və ya reyestr statistikası); qaçqınlar üçün ən yaxın dərc olunmuş göstərici unhcr returned_refugees-dir",
            "встроенного набора данных нет (национальная пограничная или регистровая статистика); для беженцев ближайший опубликованный показатель — unhcr returned_refugees",
        ),
        caveat: Text::new(
            "Defined by citizenship, not birthplace: citizens born abroad count, foreign-born naturalised persons too.",
            "Doğulduğu yerə görə deyil, vətəndaşlığa görə müəyyən edilir: xaricdə doğulmuş vətəndaşlar da, xaricdə doğulub vətəndaşlıq qəbul etmiş şəxslər də bura daxildir.",
            "Определяется по гражданству, а не по месту рождения: учитываются и граждане, родившиеся за рубежом, и натурализованные лица, родившиеся за рубежом.",
        ),
    },
    Term {
        key: "returning-native-born",
        name: Text::new("returning native-born (flow)", "geri qayıdan ölkədə doğulmuş şəxslər (axın)", "возвращающиеся уроженцы страны (поток)"),
        aliases: &["returning native-born population", "returning native born"],
        kind: "flow",
        text: Text::new(
            "Persons born in the country who lived in another country and become residents of the country of their birth again during the year, whatever citizenship they now hold.",
            "Ölkədə doğulmuş, başqa ölkədə yaşamış və il ərzində yenidən doğulduğu ölkənin daimi sakininə çevrilən şəxslər, hazırda hansı vətəndaşlığa malik olmalarından asılı olmayaraq.",
            "Уроженцы страны, которые жили в другой стране и в течение года снова стали постоянными жителями страны своего рождения, независимо от их нынешнего гражданства.",
        ),
        sources: &[EGMS_2021],
        measures: &[],
        data: Text::new(
            "no embedded dataset (needs census or register data with country of birth and previous residence)",
            "miglab-a daxil edilmiş məlumat dəsti yoxdur (doğulduğu ölkə və əvvəlki yaşayış yeri göstərilən siyahıyaalma və ya reyestr məlumatları lazımdır)",
            "встроенного набора данных нет (нужны данные переписи или регистров о стране рождения и прежнем месте проживания)",
        ),
        caveat: Text::new(
            "Defined by birthplace, not citizenship; the two return concepts overlap but differ.",
            "Vətəndaşlığa görə deyil, doğulduğu yerə görə müəyyən edilir; qayıdışın bu iki anlayışı qismən üst-üstə düşür, lakin fərqlidir.",
            "Определяется по месту рождения, а не по гражданству; два понятия возвращения частично совпадают, но различаются.",
        ),
    },
    Term {
        key: "foreign-born",
        name: Text::new("foreign-born population (stock)", "xaricdə doğulmuş əhali", "население, родившееся за рубежом"),
        aliases: &["foreign-born", "foreign born", "born abroad"],
        kind: "stock",
        text: Text::new(
            "Everyone living in the country on a given date who was born in another country. It is the preferred basis of the international migrant stock: each foreign-born resident has immigrated at least once in their life.",
            "Müəyyən tarixdə ölkədə yaşayan və başqa ölkədə doğulmuş bütün şəxslər. Beynəlxalq miqrantların sayı üçün üstünlük verilən əsas budur: xaricdə doğulmuş hər bir sakin həyatında ən azı bir dəfə immiqrant olub.",
            "Все лица, живущие в стране на определённую дату и родившиеся в другой стране. Это предпочтительная основа для численности международных мигрантов: каждый житель, родившийся за рубежом, хотя бы раз в жизни иммигрировал.",
        ),
        sources: &[UNECE_2020, UN_1998],
        measures: &[MeasureKind::ImmigrantStock],
        data: Text::new(
            "ims2024 immigrant_stock where stock_basis = foreign-born",
            "ims2024 immigrant_stock (stock_basis = foreign-born olduqda)",
            "ims2024 immigrant_stock при stock_basis = foreign-born",
        ),
        caveat: Text::new(
            "After the break-up of the USSR, people born in another Soviet republic became foreign-born without moving; older stocks of the region include them.",
            "SSRİ dağıldıqdan sonra başqa sovet respublikasında doğulmuş insanlar heç yerə köçmədən xaricdə doğulmuş sayıldılar; regionun əvvəlki illərə aid miqrant saylarına onlar da daxildir.",
            "После распада СССР люди, родившиеся в другой советской республике, стали родившимися за рубежом, никуда не переезжая; более ранние данные о численности мигрантов в регионе включают их.",
        ),
    },
    Term {
        key: "native-born",
        name: Text::new("native-born population (stock)", "ölkədə doğulmuş əhali", "население, родившееся в стране"),
        aliases: &["native-born", "native born"],
        kind: "stock",
        text: Text::new(
            "Everyone living in the country on a given date who was born in that same country.",
            "Müəyyən tarixdə ölkədə yaşayan və elə həmin ölkədə doğulmuş bütün şəxslər.",
            "Все лица, живущие в стране на определённую дату и родившиеся в этой же стране.",
        ),
        sources: &[UNECE_2020],
        measures: &[],
        data: Text::new(
            "approximately wpp2024 population minus ims2024 immigrant_stock (same date, 1 July)",
            "təxminən wpp2024 population ilə ims2024 immigrant_stock arasındakı fərq (eyni tarix, 1 iyul)",
            "приблизительно wpp2024 population минус ims2024 immigrant_stock (на одну дату, 1 июля)",
        ),
        caveat: Text::new(
            "Native-born residents can be returned emigrants; being native-born says nothing about past moves.",
            "Ölkədə doğulmuş sakinlər geri qayıtmış emiqrantlar ola bilər; ölkədə doğulmuş olmaq keçmiş köçlər barədə heç nə demir.",
            "Жители, родившиеся в стране, могут быть вернувшимися эмигрантами; рождение в стране ничего не говорит о прошлых переездах.",
        ),
    },
    Term {
        key: "foreign-citizens",
        name: Text::new("foreign-citizen population (stock)", "əcnəbilər (xarici vətəndaşlar)", "население с иностранным гражданством"),
        aliases: &["foreign citizens", "foreigners", "non-nationals", "əcnəbilər", "иностранные граждане"],
        kind: "stock",
        text: Text::new(
            "Everyone living in the country on a given date who does not hold its citizenship, stateless persons included.",
            "Müəyyən tarixdə ölkədə yaşayan, lakin onun vətəndaşı olmayan bütün şəxslər; vətəndaşlığı olmayan şəxslər də bura daxildir.",
            "Все лица, живущие в стране на определённую дату и не имеющие её гражданства, включая лиц без гражданства.",
        ),
        sources: &[UNECE_2020, AZ_MIGRATION_CODE],
        measures: &[MeasureKind::ImmigrantStock],
        data: Text::new(
            "ims2024 immigrant_stock where stock_basis = foreign citizens (UN DESA uses citizenship only where birthplace was not recorded)",
            "ims2024 immigrant_stock (stock_basis = foreign citizens olduqda; BMT İSİD vətəndaşlığı yalnız doğulduğu yer qeydə alınmadıqda əsas götürür)",
            "ims2024 immigrant_stock при stock_basis = foreign citizens (ДЭСВ ООН использует гражданство только там, где место рождения не регистрировалось)",
        ),
        caveat: Text::new(
            "Mostly but not entirely the same people as the foreign-born: naturalised immigrants are foreign-born citizens, children of foreigners born in the country are native-born foreigners.",
            "Bunlar əsasən, lakin tamamilə deyil, xaricdə doğulmuş əhali ilə eyni insanlardır: vətəndaşlıq almış immiqrantlar xaricdə doğulmuş vətəndaşlardır, əcnəbilərin ölkədə doğulmuş uşaqları isə ölkədə doğulmuş əcnəbilərdir.",
            "В основном, но не полностью, это те же люди, что и родившиеся за рубежом: натурализованные иммигранты — граждане, родившиеся за рубежом, а родившиеся в стране дети иностранцев — иностранцы, родившиеся в стране.",
        ),
    },
    Term {
        key: "national-citizens",
        name: Text::new("national-citizen population (stock)", "ölkə vətəndaşları (əhali)", "население с гражданством страны"),
        aliases: &["national citizens", "nationals", "citizens"],
        kind: "stock",
        text: Text::new(
            "Everyone living in the country on a given date who holds its citizenship, whether or not they also hold another.",
            "Müəyyən tarixdə ölkədə yaşayan və onun vətəndaşlığına malik olan bütün şəxslər, başqa vətəndaşlığının olub-olmamasından asılı olmayaraq.",
            "Все лица, живущие в стране на определённую дату и имеющие её гражданство, независимо от того, есть ли у них ещё и другое гражданство.",
        ),
        sources: &[UNECE_2020],
        measures: &[],
        data: Text::new(
            "no embedded dataset (census tables by citizenship)",
            "miglab-a daxil edilmiş məlumat dəsti yoxdur (vətəndaşlıq üzrə siyahıyaalma cədvəlləri)",
            "встроенного набора данных нет (таблицы переписи по гражданству)",
        ),
        caveat: Text::new(
            "Dual citizens count as national citizens.",
            "İkili vətəndaşlığı olan şəxslər ölkə vətəndaşı kimi sayılır.",
            "Лица с двойным гражданством учитываются как граждане страны.",
        ),
    },
    Term {
        key: "immigrant-stock",
        name: Text::new("immigrant stock", "immiqrantların sayı (stok)", "численность иммигрантов (контингент)"),
        aliases: &["international migrant stock", "migrant stock", "stock of immigrants", "immigrants", "immiqrantlar", "иммигранты"],
        kind: "stock",
        text: Text::new(
            "The number of international migrants living in a country at a given moment: in UN DESA's estimates, the foreign-born population, or the foreign citizens where a census did not ask for the place of birth, with refugees added where censuses miss them.",
            "Müəyyən anda ölkədə yaşayan beynəlxalq miqrantların sayı: BMT İSİD-in qiymətləndirmələrində bu, xaricdə doğulmuş əhalidir, siyahıyaalmada doğulduğu yer soruşulmadıqda isə əcnəbilərdir; siyahıyaalmaların əhatə etmədiyi qaçqınlar da əlavə edilir.",
            "Численность международных мигрантов, живущих в стране на определённый момент: в оценках ДЭСВ ООН — население, родившееся за рубежом, или иностранные граждане, если перепись не спрашивала о месте рождения; беженцы добавляются там, где переписи их не охватывают.",
        ),
        sources: &[UN_1998, EGMS_2021],
        measures: &[MeasureKind::ImmigrantStock, MeasureKind::StockShare],
        data: Text::new(
            "ims2024 immigrant_stock, mid-year; ims2020 for the previous edition",
            "ims2024 immigrant_stock, ilin ortasına; əvvəlki nəşr üçün ims2020",
            "ims2024 immigrant_stock, на середину года; ims2020 — предыдущее издание",
        ),
        caveat: Text::new(
            "A stock on a date, not the number who arrived in a year; the 2024 edition revised former-USSR stocks strongly against the 2020 edition.",
            "Bu, il ərzində gələnlərin sayı deyil, müəyyən tarixə olan saydır; 2024-cü il nəşri keçmiş SSRİ ölkələri üzrə miqrantların sayını 2020-ci il nəşri ilə müqayisədə ciddi şəkildə yenidən nəzərdən keçirib.",
            "Это численность на дату, а не число прибывших за год; в издании 2024 года численность мигрантов в странах бывшего СССР значительно пересмотрена по сравнению с изданием 2020 года.",
        ),
    },
    Term {
        key: "emigrant-stock",
        name: Text::new("emigrant stock", "emiqrantların sayı (stok)", "численность эмигрантов (контингент)"),
        aliases: &["emigrants", "diaspora", "born in the country living abroad", "stock of emigrants", "emiqrantlar", "mühacirlər", "эмигранты"],
        kind: "stock",
        text: Text::new(
            "The number of international migrants from a given country who live abroad at a given moment. UN DESA counts, in every other country, the residents born in the country of origin (or holding its citizenship where birthplace is unknown) and sums them.",
            "Müəyyən ölkədən olan və müəyyən anda xaricdə yaşayan beynəlxalq miqrantların sayı. BMT İSİD hər bir digər ölkədə mənşə ölkəsində doğulmuş (doğulduğu yer məlum olmadıqda isə onun vətəndaşı olan) sakinləri sayır və onları toplayır.",
            "Численность международных мигрантов из данной страны, живущих за рубежом на определённый момент. ДЭСВ ООН подсчитывает в каждой другой стране жителей, родившихся в стране происхождения (или имеющих её гражданство, если место рождения неизвестно), и суммирует их.",
        ),
        sources: &[UN_1998, EGMS_2021],
        measures: &[MeasureKind::EmigrantStock, MeasureKind::TopDestinations],
        data: Text::new(
            "ims2024 emigrant_stock, mid-year; ims2020 for the previous edition",
            "ims2024 emigrant_stock, ilin ortasına; əvvəlki nəşr üçün ims2020",
            "ims2024 emigrant_stock, на середину года; ims2020 — предыдущее издание",
        ),
        caveat: Text::new(
            "Built from the destination countries' censuses, not from the origin; it is not the number who left in any one year, and it includes people who left decades ago (or, for the former USSR, never moved).",
            "Mənşə ölkəsinin deyil, təyinat ölkələrinin siyahıyaalmaları əsasında qurulur; bu, hər hansı bir ildə gedənlərin sayı deyil və onilliklər əvvəl gedənləri (keçmiş SSRİ üçün isə heç yerə köçməmiş insanları) da əhatə edir.",
            "Строится по переписям стран назначения, а не страны происхождения; это не число уехавших за какой-либо год, и в неё входят люди, уехавшие десятилетия назад (а для бывшего СССР — и никогда не переезжавшие).",
        ),
    },
    Term {
        key: "returned-migrants",
        name: Text::new("returned migrants (stock)", "geri qayıtmış miqrantlar (stok)", "вернувшиеся мигранты (контингент)"),
        aliases: &["returned migrants", "return migrants", "returned native-born migrants"],
        kind: "stock",
        text: Text::new(
            "Residents of the country on a given date who once lived in it, emigrated, and came back to live there for at least the minimum time needed to count as resident; the native-born among them are the returned native-born migrants.",
            "Müəyyən tarixdə ölkənin sakinləri olan, vaxtilə orada yaşamış, emiqrasiya etmiş və daimi sakin sayılmaq üçün tələb olunan minimum müddətdən az olmamaq şərtilə yaşamaq üçün geri qayıtmış şəxslər; onlardan ölkədə doğulmuş olanlar geri qayıtmış ölkədə doğulmuş miqrantlardır.",
            "Жители страны на определённую дату, которые когда-то жили в ней, эмигрировали и вернулись, чтобы жить в ней не меньше минимального срока, необходимого для признания постоянным жителем; родившиеся в стране среди них — вернувшиеся мигранты-уроженцы страны.",
        ),
        sources: &[EGMS_2021],
        measures: &[],
        data: Text::new(
            "no embedded dataset (census questions on previous residence abroad)",
            "miglab-a daxil edilmiş məlumat dəsti yoxdur (siyahıyaalmada əvvəllər xaricdə yaşama barədə suallar)",
            "встроенного набора данных нет (вопросы переписи о прежнем проживании за рубежом)",
        ),
        caveat: Text::new(
            "Not the same as a yearly count of returns.",
            "İl ərzində geri qayıdanların sayı ilə eyni deyil.",
            "Не то же самое, что число возвращений за год.",
        ),
    },
    Term {
        key: "cross-border-workers",
        name: Text::new("cross-border workers", "transsərhəd işçilər", "приграничные работники"),
        aliases: &["cross border workers", "frontier workers"],
        kind: "mobility",
        text: Text::new(
            "Persons who are not residents of the country where they work but work there repeatedly during the year, going back to their country of residence at short, regular intervals, daily or weekly.",
            "İşlədikləri ölkənin daimi sakini olmayan, lakin il ərzində orada dəfələrlə işləyən və qısa, müntəzəm fasilələrlə — hər gün və ya hər həftə — yaşadıqları ölkəyə qayıdan şəxslər.",
            "Лица, которые не являются постоянными жителями страны, где работают, но неоднократно работают в ней в течение года, возвращаясь в страну своего проживания через короткие регулярные промежутки — ежедневно или еженедельно.",
        ),
        sources: &[EGMS_2021],
        measures: &[],
        data: Text::new(
            "no embedded dataset (border, labour force or social security statistics)",
            "miglab-a daxil edilmiş məlumat dəsti yoxdur (sərhəd, işçi qüvvəsi və ya sosial sığorta statistikası)",
            "встроенного набора данных нет (пограничная статистика, статистика рабочей силы или социального страхования)",
        ),
        caveat: Text::new(
            "They are not migrants: their country of usual residence does not change.",
            "Onlar miqrant deyillər: daimi yaşayış ölkələri dəyişmir.",
            "Они не являются мигрантами: их страна обычного проживания не меняется.",
        ),
    },
    Term {
        key: "seasonal-workers",
        name: Text::new("seasonal workers", "mövsümi işçilər", "сезонные работники"),
        aliases: &["seasonal workers", "seasonal migrants"],
        kind: "mobility",
        text: Text::new(
            "Persons who are not residents of the country where they work and whose work depends on the seasons, so that they work there only during part of the year.",
            "İşlədikləri ölkənin daimi sakini olmayan və işi mövsümdən asılı olduğu üçün orada ilin yalnız bir hissəsində işləyən şəxslər.",
            "Лица, которые не являются постоянными жителями страны, где работают, и чья работа зависит от сезона, поэтому они работают там лишь часть года.",
        ),
        sources: &[EGMS_2021],
        measures: &[],
        data: Text::new(
            "no embedded dataset (work-permit or labour force statistics)",
            "miglab-a daxil edilmiş məlumat dəsti yoxdur (iş icazələri və ya işçi qüvvəsi statistikası)",
            "встроенного набора данных нет (статистика разрешений на работу или рабочей силы)",
        ),
        caveat: Text::new(
            "Counts of permits issued count permits, not persons; a person may come back every season.",
            "Verilmiş icazələrin sayı şəxsləri deyil, icazələri göstərir; eyni şəxs hər mövsüm yenidən gələ bilər.",
            "Число выданных разрешений показывает разрешения, а не людей; один и тот же человек может приезжать каждый сезон.",
        ),
    },
    Term {
        key: "circular-mobility",
        name: Text::new("circular mobility", "dairəvi mobillik", "циркулярная мобильность"),
        aliases: &["circular migration"],
        kind: "mobility",
        text: Text::new(
            "Non-residents who travel to the same country more than once during a year.",
            "İl ərzində eyni ölkəyə bir dəfədən çox gələn, həmin ölkənin daimi sakini olmayan şəxslər.",
            "Лица, не являющиеся постоянными жителями страны, которые приезжают в одну и ту же страну более одного раза в течение года.",
        ),
        sources: &[EGMS_2021],
        measures: &[],
        data: Text::new(
            "no embedded dataset (border-crossing records linked by person)",
            "miglab-a daxil edilmiş məlumat dəsti yoxdur (şəxs üzrə əlaqələndirilmiş sərhədkeçmə qeydləri)",
            "встроенного набора данных нет (записи о пересечении границы, связанные по лицам)",
        ),
        caveat: Text::new(
            "Border crossings count trips, not persons.",
            "Sərhədkeçmələr şəxsləri deyil, səfərləri sayır.",
            "Пересечения границы учитывают поездки, а не людей.",
        ),
    },
    Term {
        key: "refugee",
        name: Text::new("refugee", "qaçqın", "беженец"),
        aliases: &["refugees", "qaçqınlar", "беженцы"],
        kind: "legal status",
        text: Text::new(
            "A person outside the country of their nationality (or, if stateless, of former habitual residence) who cannot or, out of a well-founded fear of persecution for reasons of race, religion, nationality, membership of a particular social group or political opinion, will not return or accept its protection. Refugees have crossed an international border.",
            "Vətəndaşı olduğu ölkədən (vətəndaşlığı olmadıqda isə əvvəlki daimi yaşayış yeri olan ölkədən) kənarda olan və oraya qayıda bilməyən, yaxud irqi əlamətinə, dini etiqadına, milli mənsubiyyətinə, müəyyən sosial qrupa mənsubiyyətinə və ya siyasi əqidəsinə görə təqiblərin qurbanı olmaq barəsində əsaslı ehtiyat üzündən oraya qayıtmaq və ya həmin ölkənin himayəsindən istifadə etmək istəməyən şəxs. Qaçqınlar beynəlxalq sərhədi keçmiş şəxslərdir.",
            "Лицо, находящееся вне страны своей гражданской принадлежности (или, если оно не имеет гражданства, вне страны своего прежнего обычного местожительства), которое не может или из-за вполне обоснованных опасений стать жертвой преследований по признаку расы, вероисповедания, гражданства, принадлежности к определённой социальной группе или политических убеждений не желает вернуться в неё или пользоваться её защитой. Беженцы пересекли международную границу.",
        ),
        sources: &[REFUGEE_1951, UNHCR_STATS, AZ_REFUGEE_LAW],
        measures: &[MeasureKind::RefugeesPer1000],
        data: Text::new(
            "unhcr refugees (end-year stock under UNHCR's mandate, by origin x asylum country)",
            "unhcr refugees (BMT QAK-ın mandatı altında olan qaçqınların ilin sonuna sayı, mənşə ölkəsi x sığınacaq ölkəsi üzrə)",
            "unhcr refugees (численность беженцев под мандатом УВКБ ООН на конец года, по стране происхождения x стране убежища)",
        ),
        caveat: Text::new(
            "Not the same as IDPs, who never left their country; in Azerbaijan and Georgia the displaced from the conflicts are IDPs, and the two figures must not be added up or swapped.",
            "Ölkəsini heç vaxt tərk etməmiş ölkə daxilində köçürülmüş şəxslərlə eyni deyil; Azərbaycanda və Gürcüstanda münaqişələr nəticəsində didərgin düşmüş insanlar ölkə daxilində köçürülmüş şəxslərdir və bu iki rəqəmi toplamaq və ya bir-birinin yerinə işlətmək olmaz.",
            "Не то же самое, что ВПЛ, которые никогда не покидали свою страну; в Азербайджане и Грузии перемещённые в результате конфликтов — это ВПЛ, и эти две цифры нельзя складывать или подменять одну другой.",
        ),
    },
    Term {
        key: "asylum-seeker",
        name: Text::new("asylum-seeker", "sığınacaq axtaran şəxs", "лицо, ищущее убежища"),
        aliases: &["asylum seeker", "asylum-seekers", "asylum seekers", "sığınacaq axtaranlar", "просители убежища"],
        kind: "legal status",
        text: Text::new(
            "A person who has asked for international protection and whose claim has not yet been decided. UNHCR's statistics count the pending cases at the end of the year.",
            "Beynəlxalq müdafiə üçün müraciət etmiş və müraciəti barədə hələ qərar qəbul edilməmiş şəxs. BMT QAK-ın statistikası ilin sonuna baxılmamış müraciətləri sayır.",
            "Лицо, которое обратилось за международной защитой и по ходатайству которого ещё не принято решение. Статистика УВКБ ООН учитывает нерассмотренные ходатайства на конец года.",
        ),
        sources: &[UNHCR_STATS, REFUGEE_1951],
        measures: &[],
        data: Text::new(
            "unhcr asylum_seekers (end-year stock of pending claims, by origin x asylum country)",
            "unhcr asylum_seekers (ilin sonuna baxılmamış müraciətlərin sayı, mənşə ölkəsi x sığınacaq ölkəsi üzrə)",
            "unhcr asylum_seekers (численность нерассмотренных ходатайств на конец года, по стране происхождения x стране убежища)",
        ),
        caveat: Text::new(
            "A stock of pending claims, not the number of applications in the year; not every asylum-seeker will be recognised as a refugee.",
            "Bu, il ərzində verilmiş müraciətlərin sayı deyil, baxılmamış müraciətlərin sayıdır; hər sığınacaq axtaran şəxs qaçqın kimi tanınmayacaq.",
            "Это численность нерассмотренных ходатайств, а не число заявлений за год; не каждое лицо, ищущее убежища, будет признано беженцем.",
        ),
    },
    Term {
        key: "first-time-asylum-applicant",
        name: Text::new(
            "first-time asylum applicant",
            "ilk dəfə sığınacaq üçün müraciət edən şəxs",
            "лицо, впервые ходатайствующее об убежище",
        ),
        aliases: &["first time asylum applicants", "first-time asylum applicants", "asylum applications", "asylum applicants", "sığınacaq müraciətləri", "ходатайства об убежище"],
        kind: "flow",
        text: Text::new(
            "A person who lodged an application for international protection in a country during the year, for the first time there. Eurostat counts them by citizenship and by the EU or EFTA country applied to; a person who applies again in the same country is not counted twice.",
            "İl ərzində hər hansı ölkədə beynəlxalq müdafiə üçün həmin ölkədə ilk dəfə müraciət etmiş şəxs. Eurostat onları vətəndaşlığa və müraciət edilən AB və ya AATA ölkəsinə görə sayır; eyni ölkədə yenidən müraciət edən şəxs iki dəfə sayılmır.",
            "Лицо, которое в течение года впервые подало в данной стране ходатайство о международной защите. Евростат учитывает их по гражданству и по стране ЕС или ЕАСТ, в которую подано ходатайство; лицо, повторно обратившееся в той же стране, дважды не учитывается.",
        ),
        sources: &[EUROSTAT_ASYLUM, REFUGEE_1951],
        measures: &[],
        data: Text::new(
            "eurostat first_time_asylum_applicants (applications lodged during the year, by citizenship x country applied to; destination eu27-total is Eurostat's EU27 aggregate)",
            "eurostat first_time_asylum_applicants (il ərzində verilmiş müraciətlər, vətəndaşlıq x müraciət edilən ölkə üzrə; eu27-total təyinatı Eurostat-ın AB-27 üzrə cəmidir)",
            "eurostat first_time_asylum_applicants (ходатайства, поданные за год, по гражданству x стране обращения; назначение eu27-total — итог Евростата по ЕС-27)",
        ),
        caveat: Text::new(
            "A flow of applications in a year, not the stock of pending claims (UNHCR's asylum-seekers) nor the people recognised as refugees; Eurostat rounds every figure to 5, and the EU27 total already holds its members.",
            "Bu, il ərzində verilmiş müraciətlərin axınıdır, baxılmamış müraciətlərin sayı (BMT QAK-ın sığınacaq axtaranları) və ya qaçqın kimi tanınmış şəxslər deyil; Eurostat hər rəqəmi 5-ə qədər yuvarlaqlaşdırır, AB-27 cəmi isə üzv ölkələri artıq ehtiva edir.",
            "Это поток ходатайств за год, а не численность нерассмотренных ходатайств (лица, ищущие убежища, по данным УВКБ ООН) и не число признанных беженцами; Евростат округляет каждую цифру до 5, а итог по ЕС-27 уже включает страны-члены.",
        ),
    },
    Term {
        key: "idp",
        name: Text::new("internally displaced person (IDP)", "ölkə daxilində köçürülmüş şəxs", "внутренне перемещённое лицо (ВПЛ)"),
        aliases: &["idps", "internally displaced", "internally displaced persons", "ВПЛ", "внутренне перемещенные лица"],
        kind: "legal status",
        text: Text::new(
            "A person forced or obliged to flee or leave home, in particular because of armed conflict, generalised violence, violations of human rights or disasters, who has not crossed an internationally recognised state border.",
            "Xüsusilə silahlı münaqişə, geniş yayılmış zorakılıq, insan hüquqlarının pozulması və ya fəlakətlər nəticəsində evindən qaçmağa və ya onu tərk etməyə məcbur olmuş, lakin beynəlxalq səviyyədə tanınmış dövlət sərhədini keçməmiş şəxs.",
            "Лицо, которое было вынуждено или обязано бежать или покинуть свой дом, в частности в результате вооружённого конфликта, ситуаций повсеместного проявления насилия, нарушений прав человека или бедствий, и которое не пересекало международно признанной государственной границы.",
        ),
        sources: &[GUIDING_1998, UNHCR_STATS],
        measures: &[],
        data: Text::new(
            "unhcr idps (conflict IDPs protected or assisted by UNHCR, end-year; origin = asylum country)",
            "unhcr idps (BMT QAK-ın müdafiə etdiyi və ya yardım göstərdiyi, münaqişə nəticəsində ölkə daxilində köçürülmüş şəxslər, ilin sonuna; mənşə ölkəsi = sığınacaq ölkəsi)",
            "unhcr idps (ВПЛ вследствие конфликтов, находящиеся под защитой УВКБ ООН или получающие его помощь, на конец года; страна происхождения = страна убежища)",
        ),
        caveat: Text::new(
            "IDPs are not international migrants and not refugees; they are in no migrant stock.",
            "Ölkə daxilində köçürülmüş şəxslər nə beynəlxalq miqrant, nə də qaçqındır; onlar heç bir miqrant sayına daxil edilmir.",
            "ВПЛ не являются ни международными мигрантами, ни беженцами; они не входят ни в какую численность мигрантов.",
        ),
    },
    Term {
        key: "forced-resettler",
        name: Text::new("forced resettler (forcibly displaced person, Azerbaijan)", "məcburi köçkün", "вынужденный переселенец"),
        aliases: &["forced resettler", "forcibly displaced person", "forced migrant", "məcburi köçkünlər", "вынужденные переселенцы"],
        kind: "legal status",
        text: Text::new(
            "Azerbaijan's legal term for a citizen who had to leave their place of permanent residence and move elsewhere inside the country in the circumstances the law lists, military aggression and the occupation of territory among them. It is the national counterpart of the IDP of the Guiding Principles and a legal status with its own rights, granted and recorded by the state.",
            "Azərbaycan qanunvericiliyində qanunda sadalanan hallarda, o cümlədən hərbi təcavüz və ərazinin işğalı nəticəsində, daimi yaşayış yerini tərk edib ölkə daxilində başqa yerə köçmək məcburiyyətində qalmış vətəndaşı bildirən hüquqi termin. Bu, Rəhbər Prinsiplərdəki ölkə daxilində köçürülmüş şəxsin milli qarşılığıdır və dövlətin verdiyi və qeydə aldığı, öz hüquqları olan hüquqi statusdur.",
            "Правовой термин Азербайджана для гражданина, который был вынужден покинуть место постоянного жительства и переселиться в другое место внутри страны при обстоятельствах, перечисленных в законе, в том числе вследствие военной агрессии и оккупации территории. Это национальный аналог ВПЛ в смысле Руководящих принципов и правовой статус с собственными правами, который предоставляет и регистрирует государство.",
        ),
        sources: &[AZ_REFUGEE_LAW, AZ_MIGRATION_CODE, GUIDING_1998],
        measures: &[],
        data: Text::new(
            "unhcr idps for AZE (UNHCR's count of IDPs in Azerbaijan, end-year)",
            "AZE üçün unhcr idps (BMT QAK-ın Azərbaycanda ölkə daxilində köçürülmüş şəxslər üzrə ilin sonuna rəqəmi)",
            "unhcr idps для AZE (данные УВКБ ООН о ВПЛ в Азербайджане на конец года)",
        ),
        caveat: Text::new(
            "National figures of forced resettlers (including children born in displacement) may differ from UNHCR's IDP count; say which one you quote.",
            "Məcburi köçkünlər üzrə milli rəqəmlər (köçkünlükdə doğulmuş uşaqlar daxil olmaqla) BMT QAK-ın ölkə daxilində köçürülmüş şəxslər üzrə rəqəmindən fərqlənə bilər; hansı rəqəmə istinad etdiyinizi göstərin.",
            "Национальные данные о вынужденных переселенцах (включая детей, родившихся после переселения) могут отличаться от данных УВКБ ООН о ВПЛ; указывайте, какие цифры вы приводите.",
        ),
    },
    Term {
        key: "stateless",
        name: Text::new("stateless person", "vətəndaşlığı olmayan şəxs", "лицо без гражданства"),
        aliases: &["stateless", "stateless persons", "apatrid", "апатрид"],
        kind: "legal status",
        text: Text::new(
            "A person whom no state considers a national under its law.",
            "Heç bir dövlətin öz qanunvericiliyinə əsasən vətəndaşı hesab etmədiyi şəxs.",
            "Лицо, которое не рассматривается гражданином каким-либо государством в силу его закона.",
        ),
        sources: &[STATELESS_1954, AZ_MIGRATION_CODE, UNHCR_STATS],
        measures: &[],
        data: Text::new(
            "unhcr stateless (end-year stock, by country of residence)",
            "unhcr stateless (ilin sonuna sayı, yaşadığı ölkə üzrə)",
            "unhcr stateless (численность на конец года, по стране проживания)",
        ),
        caveat: Text::new(
            "Counts depend on national identification efforts and can drop sharply after a registration campaign (as in Azerbaijan in 2023).",
            "Rəqəmlər ölkənin bu şəxsləri müəyyənləşdirmək səylərindən asılıdır və qeydiyyat kampaniyasından sonra kəskin azala bilər (2023-cü ildə Azərbaycanda olduğu kimi).",
            "Данные зависят от усилий страны по выявлению таких лиц и могут резко снизиться после кампании по регистрации (как в Азербайджане в 2023 году).",
        ),
    },
    Term {
        key: "net-migration",
        name: Text::new("net migration", "xalis miqrasiya (miqrasiya saldosu)", "чистая миграция (сальдо миграции)"),
        aliases: &["net migrants", "migration balance", "net international migration", "xalis miqrasiya", "miqrasiya saldosu", "сальдо миграции", "чистая миграция"],
        kind: "flow balance",
        text: Text::new(
            "The number of immigrants minus the number of emigrants in a period, usually a calendar year; positive means more people arrived than left. WPP estimates it so that population, births, deaths and migration add up.",
            "Müəyyən dövrdə, adətən təqvim ilində, immiqrantların sayı ilə emiqrantların sayı arasındakı fərq; müsbət qiymət gələnlərin gedənlərdən çox olduğunu göstərir. WPP onu elə qiymətləndirir ki, əhali, doğulanlar, ölənlər və miqrasiya bir-biri ilə uzlaşsın.",
            "Число иммигрантов минус число эмигрантов за период, обычно за календарный год; положительное значение означает, что прибыло больше людей, чем выбыло. WPP оценивает её так, чтобы численность населения, рождения, смерти и миграция сходились.",
        ),
        sources: &[UN_1998, WPP_2024],
        measures: &[MeasureKind::NetMigration, MeasureKind::Balancing],
        data: Text::new(
            "wpp2024 net_migrants, persons (2024-2030 projections flagged); older vintage: wdi net_migration (WPP 2022-based); the balancing equation checks it against population, births and deaths",
            "wpp2024 net_migrants, nəfər (2024-2030 proqnozları qeyd olunub); köhnə nəşr: wdi net_migration (WPP 2022 əsasında); balans tənliyi onu əhali, doğulanlar və ölənlərlə yoxlayır",
            "wpp2024 net_migrants, человек (прогнозы на 2024-2030 годы помечены); более старый выпуск: wdi net_migration (на основе WPP 2022); балансовое уравнение сверяет её с численностью населения, рождениями и смертями",
        ),
        caveat: Text::new(
            "A balance, not a count of movers: a net figure of zero can hide large flows both ways. WPP figures are published in thousands; editions revise the past.",
            "Bu, köçənlərin sayı deyil, saldodur: sıfır xalis miqrasiya hər iki istiqamətdə böyük axınları gizlədə bilər. WPP rəqəmləri minlərlə dərc olunur; yeni nəşrlər keçmiş illərin rəqəmlərini yenidən nəzərdən keçirir.",
            "Это сальдо, а не число переехавших: нулевое сальдо может скрывать большие потоки в обе стороны. Данные WPP публикуются в тысячах; новые издания пересматривают прошлые годы.",
        ),
    },
    Term {
        key: "cnmr",
        name: Text::new("crude net migration rate", "xalis miqrasiyanın ümumi əmsalı", "общий коэффициент чистой миграции"),
        aliases: &["net migration rate", "crude net migration rate", "cnmr", "migration rate", "коэффициент миграционного прироста"],
        kind: "rate",
        text: Text::new(
            "Net migration in a year divided by the person-years lived by the population in that year (about the mid-year population), per 1,000 population.",
            "İl ərzində xalis miqrasiyanın həmin ildə əhalinin yaşadığı adam-illərə (təxminən ilin ortasına əhaliyə) nisbəti, 1000 nəfər əhaliyə.",
            "Чистая миграция за год, делённая на число человеко-лет, прожитых населением в этом году (примерно население на середину года), в расчёте на 1000 человек населения.",
        ),
        sources: &[WPP_2024, UN_1998],
        measures: &[MeasureKind::Cnmr],
        data: Text::new(
            "wpp2024 cnmr, per 1,000; computed and published rates side by side",
            "wpp2024 cnmr, 1000 nəfər əhaliyə; hesablanmış və dərc olunmuş əmsallar yan-yana",
            "wpp2024 cnmr, на 1000 человек населения; рассчитанный и опубликованный коэффициенты рядом",
        ),
        caveat: Text::new(
            "Per 1,000, not per cent: 8 per 1,000 is 0.8 %.",
            "Faizlə deyil, 1000 nəfərə hesablanır: 1000 nəfərə 8 — 0,8 % deməkdir.",
            "На 1000 человек, а не в процентах: 8 на 1000 — это 0,8 %.",
        ),
    },
];

/// Finds a term by key, name or alias in English, Azerbaijani or Russian (case- and
/// accent-insensitive), then by a name that contains the query.
pub fn find(term: &str) -> Option<&'static Term> {
    let key = fold(term);
    if key.is_empty() {
        return None;
    }
    if let Some(d) = TERMS.iter().find(|d| d.names().any(|n| fold(n) == key)) {
        return Some(d);
    }
    // A name with a parenthesis ("immigration (flow)") also answers to its first part.
    if let Some(d) = TERMS.iter().find(|d| {
        d.names().any(|n| {
            n.split_once(" (")
                .is_some_and(|(head, _)| fold(head) == key)
        })
    }) {
        return Some(d);
    }
    let mut hits = TERMS
        .iter()
        .filter(|d| d.names().any(|n| fold(n).contains(&key)));
    match (hits.next(), hits.next()) {
        (Some(d), None) if key.chars().count() >= 3 => Some(d),
        _ => None,
    }
}

/// The closest term names for a "did you mean" hint.
pub fn suggest(term: &str) -> Vec<&'static str> {
    let key = fold(term);
    let mut scored: Vec<(f64, &'static str)> = TERMS
        .iter()
        .map(|d| {
            let best = d
                .names()
                .map(|n| strsim::jaro_winkler(&key, &fold(n)))
                .fold(0.0, f64::max);
            (best, d.name.en)
        })
        .filter(|(s, _)| *s >= 0.75)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored.into_iter().take(3).map(|(_, n)| n).collect()
}

/// The term with this key (for `miglab check`).
pub fn by_key(key: &str) -> Option<&'static Term> {
    TERMS.iter().find(|d| d.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_terms_in_three_languages() {
        assert_eq!(
            find("emigrant stock").map(|d| d.key),
            Some("emigrant-stock")
        );
        assert_eq!(
            find("məcburi köçkün").map(|d| d.key),
            Some("forced-resettler")
        );
        assert_eq!(find("беженец").map(|d| d.key), Some("refugee"));
        assert_eq!(find("Net Migration").map(|d| d.key), Some("net-migration"));
        assert_eq!(find("immigration").map(|d| d.key), Some("immigration"));
        assert!(find("zzz").is_none());
    }

    /// Every definition, data note and caveat is written in all three languages: Azerbaijani
    /// in its Latin script, Russian in Cyrillic, and neither a copy of the English.
    #[test]
    fn every_term_is_written_in_three_languages() {
        for d in TERMS {
            for text in [d.text, d.data, d.caveat] {
                assert!(!text.az.is_empty() && text.az != text.en, "{}: az", d.key);
                assert!(!text.ru.is_empty() && text.ru != text.en, "{}: ru", d.key);
                assert!(
                    text.ru.chars().any(|c| ('а'..='я').contains(&c)),
                    "{}: ru in Cyrillic",
                    d.key
                );
                assert!(
                    !text.az.chars().any(|c| ('а'..='я').contains(&c)),
                    "{}: az in Latin",
                    d.key
                );
            }
        }
    }

    #[test]
    fn keys_are_unique() {
        for (i, d) in TERMS.iter().enumerate() {
            assert!(TERMS[i + 1..].iter().all(|e| e.key != d.key));
        }
    }
}
