//! The documents miglab's definitions and methods come from: one list, cited by the quantities
//! (formula and definition) and by the glossary terms.

/// A source document of a definition or method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Document {
    /// Short key shown under tables and in `define --list` ("UN 1998").
    pub key: &'static str,
    pub citation: &'static str,
}

pub const UN_1998: Document = Document {
    key: "UN 1998",
    citation: "United Nations (1998). Recommendations on Statistics of International Migration, Revision 1. Statistical Papers, Series M, No. 58/Rev.1. New York: UN DESA Statistics Division.",
};
pub const EGMS_2021: Document = Document {
    key: "UN EGMS 2021",
    citation: "United Nations Expert Group on Migration Statistics (2021). Final report on conceptual frameworks and concepts and definitions on international migration. UN Statistical Commission, 52nd session.",
};
pub const UNECE_2020: Document = Document {
    key: "UNECE CES 2020",
    citation: "UNECE (2015). Conference of European Statisticians Recommendations for the 2020 Censuses of Population and Housing. New York and Geneva: United Nations.",
};
pub const WPP_2024: Document = Document {
    key: "WPP 2024",
    citation: "United Nations, DESA, Population Division (2024). World Population Prospects 2024: Methodology of the United Nations population estimates and projections.",
};
pub const IMS_2024: Document = Document {
    key: "IMS 2024",
    citation: "United Nations, DESA, Population Division (2024). International Migrant Stock 2024 (POP/DB/MIG/Stock/Rev.2024): documentation and notes of the destination and origin tables.",
};
pub const BELL_2002: Document = Document {
    key: "Bell et al. 2002",
    citation: "Bell, M., Blake, M., Boyle, P., Duke-Williams, O., Rees, P., Stillwell, J. and Hugo, G. (2002). Cross-national comparison of internal migration: issues and measures. Journal of the Royal Statistical Society, Series A, 165(3), 435-464.",
};
pub const ABEL_2013: Document = Document {
    key: "Abel 2013",
    citation: "Abel, G. J. (2013). Estimating global migration flow tables using place of birth data. Demographic Research 28(18), 505-546.",
};
pub const ABEL_SANDER_2014: Document = Document {
    key: "Abel & Sander 2014",
    citation: "Abel, G. J. and Sander, N. (2014). Quantifying global international migration flows. Science 343(6178), 1520-1522.",
};
pub const ABEL_2018: Document = Document {
    key: "Abel 2018",
    citation: "Abel, G. J. (2018). Estimates of global bilateral migration flows by gender between 1960 and 2015. International Migration Review 52(3), 809-852.",
};
pub const AZOSE_RAFTERY_2019: Document = Document {
    key: "Azose & Raftery 2019",
    citation: "Azose, J. J. and Raftery, A. E. (2019). Estimation of emigration, return migration, and transit migration between all pairs of countries. PNAS 116(1), 116-122.",
};
pub const ABEL_COHEN_2019: Document = Document {
    key: "Abel & Cohen 2019",
    citation: "Abel, G. J. and Cohen, J. E. (2019). Bilateral international migration flow estimates for 200 countries. Scientific Data 6, 82.",
};
pub const WDI: Document = Document {
    key: "World Bank WDI",
    citation: "World Bank, World Development Indicators: personal remittances, received (current US$), BX.TRF.PWKR.CD.DT, and GDP (current US$), NY.GDP.MKTP.CD, with their metadata.",
};
pub const UNHCR_STATS: Document = Document {
    key: "UNHCR statistics",
    citation: "UNHCR Refugee Data Finder, methodology and definitions of the Refugee Population Statistics Database (end-year stocks).",
};
pub const EUROSTAT_ASYLUM: Document = Document {
    key: "Eurostat asylum statistics",
    citation: "Regulation (EC) No 862/2007 on Community statistics on migration and international protection, Article 4; Eurostat, Asylum and managed migration (migr_asy) metadata: first-time asylum applicants.",
};
pub const REFUGEE_1951: Document = Document {
    key: "1951 Convention",
    citation: "Convention relating to the Status of Refugees (Geneva, 28 July 1951), Article 1, with the Protocol relating to the Status of Refugees (1967).",
};
pub const STATELESS_1954: Document = Document {
    key: "1954 Convention",
    citation: "Convention relating to the Status of Stateless Persons (New York, 28 September 1954), Article 1.",
};
pub const GUIDING_1998: Document = Document {
    key: "Guiding Principles 1998",
    citation: "United Nations (1998). Guiding Principles on Internal Displacement (E/CN.4/1998/53/Add.2), Introduction, paragraph 2.",
};
pub const AZ_MIGRATION_CODE: Document = Document {
    key: "AZ Migration Code 2013",
    citation: "Migration Code of the Republic of Azerbaijan (Miqrasiya Məcəlləsi), approved by the Law of 2 July 2013, in force from 1 August 2013.",
};
pub const AZ_REFUGEE_LAW: Document = Document {
    key: "AZ Law 1999",
    citation: "Law of the Republic of Azerbaijan on the status of refugees and forcibly displaced persons (persons displaced within the country) (Qaçqınların və məcburi köçkünlərin (ölkə daxilində köçürülmüş şəxslərin) statusu haqqında), 21 May 1999.",
};

/// Every document, in the order of a reading list: UN recommendations first.
pub const DOCUMENTS: &[Document] = &[
    UN_1998,
    EGMS_2021,
    UNECE_2020,
    WPP_2024,
    IMS_2024,
    BELL_2002,
    ABEL_2013,
    ABEL_SANDER_2014,
    ABEL_2018,
    AZOSE_RAFTERY_2019,
    ABEL_COHEN_2019,
    WDI,
    UNHCR_STATS,
    EUROSTAT_ASYLUM,
    REFUGEE_1951,
    STATELESS_1954,
    GUIDING_1998,
    AZ_MIGRATION_CODE,
    AZ_REFUGEE_LAW,
];

/// Documents as a short list of keys ("UN 1998; UN EGMS 2021").
pub fn keys(documents: &[Document]) -> String {
    documents
        .iter()
        .map(|d| d.key)
        .collect::<Vec<_>>()
        .join("; ")
}
