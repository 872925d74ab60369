# miglab exercise packs: English.
heading-task = Task
heading-context = Definitions in Azerbaijan's law and statistics
heading-definitions = Definitions (UN)
heading-findings = Main findings
heading-charts = Charts
heading-figures = Figures
heading-questions = Questions for the discussion
heading-caveats = Caveats
heading-unavailable = Not available in open data
licence = Licence
heading-sources = Sources
countries-line = Countries: { $list }.
data-files = Data: { $files } (full precision in CSV) — made with `{ $command }`.
made-with = Made with miglab { $version } (`{ $command }`).
rows-omitted = { $count ->
    [one] One row with only zeros or missing values is left out.
   *[other] { $count } rows with only zeros or missing values are left out.
}
table-empty = No rows in the data for this selection (`{ $command }`): none reported.
col-partner = Partner
col-measure = Quantity
col-unit = Unit
col-when = Year or period
col-value = Value
col-answer = Answer
col-accept = Accept
unit-persons = { $count ->
    [one] { $value } person
   *[other] { $value } persons
}
unit-per-1000 = { $value } per 1,000
unit-percent = { $value }%
unit-points = { $value } percentage points
unit-percent-per-year = { $value }% a year
unit-usd = US$ { $value }
unit-other = { $value }
finding-range = { $place }, { $measure }: highest in { $when_a } ({ $value_a }, { $source_a }), lowest in { $when_b } ({ $value_b }, { $source_b }).
finding-turn-to-loss = { $place }, { $measure }: from a gain to a loss between { $when_a } ({ $value_a }) and { $when_b } ({ $value_b }) ({ $source_b }).
finding-turn-to-gain = { $place }, { $measure }: from a loss to a gain between { $when_a } ({ $value_a }) and { $when_b } ({ $value_b }) ({ $source_b }).
finding-change = { $place }, { $measure }: { $direction ->
    [up] up
    [down] down
   *[other] unchanged
} from { $value_a } in { $when_a } to { $value_b } in { $when_b } ({ $difference }; { $source_b }).
finding-shares = { $place }: the share of { $partner_a }, the main partner in { $when_a }: { $list } ({ $source_a }).
finding-top = { $place }, { $when_a }: { $partner_a } first ({ $value_a }), { $partner_b } second ({ $value_b }) ({ $source_a }).
finding-top-one = { $place }, { $when_a }: { $partner_a } first ({ $value_a }) ({ $source_a }).
finding-compare = { $place }, { $when_a }: { $source_a } gives { $value_a }, { $source_b } gives { $value_b }: they differ by { $difference }.
finding-level = { $place }, { $when_a } — { $measure }: { $value_a } ({ $source_a }).
finding-projection = (Includes a projection, not an observation.)
policy-intro = Prompts for your recommendations, tied to the pair's own figures:
policy-remittances = { $place }: remittances were { $value_a } of GDP in { $when_a } ({ $source_a }). What would make sending them cheaper and safer, or put them to productive use?
policy-net-migration = { $place }, { $measure }: from { $value_b } ({ $when_b }) to { $value_a } ({ $when_a }) ({ $source_a }). Which policy could reduce the losses, and which figure would show it works?
policy-displacement = { $place }: { $value_a } internally displaced in { $when_a } ({ $source_a }). What do return and housing policies need from the statistics?
policy-refugees = { $place }, { $when_a } — { $measure }: { $value_a } ({ $source_a }). What would integration policy measure?
policy-asylum = { $place }: first-time asylum applications peaked at { $value_a } in { $when_a } and were lowest, { $value_b }, in { $when_b } ({ $source_a }). What do they say about protection needs and legal ways to migrate, and which policy would answer them?
slides-budget = Talk: { $minutes } minutes, then questions.
slide-minutes = { $minutes ->
    [one] { $minutes } min
   *[other] { $minutes } min
}
slide-question = The question
slide-context = How Azerbaijan defines migrants
slide-definitions = Definitions we use
slide-findings = What the figures say
slide-policy = Policy recommendations
slide-caveats = Caveats
slide-sources = Sources
slide-qa = Questions for the audience
slide-chart-source = Figures from { $file }.
worksheet-title = Worksheet — { $title } (team { $team })
worksheet-variant = Your variant: { $variant }.
worksheet-instructions = Compute the empty cells (______) from the other rows. The dataset you start from: `dataset.csv` / `dataset.xlsx`.
heading-formulas = Formulas
heading-table = Table
key-title = Answer key — { $title } (team { $team }: { $variant })
key-computed = Computed by miglab { $version } with `{ $command }`. Answers are rounded; accept a student's value within the tolerance shown.
key-tolerance = Tolerance
variant-countries = { $list }
variant-edition = IMS { $edition } edition
variants-count = { $count ->
    [one] one team variant
   *[other] { $count } team variants
}
