# miglab tapşırıq paketləri: Azərbaycan dili (latın qrafikası).
heading-task = Tapşırıq
heading-context = Azərbaycanın qanunvericiliyində və statistikasında anlayışlar
heading-definitions = Anlayışlar (BMT)
heading-findings = Əsas nəticələr
heading-charts = Qrafiklər
heading-figures = Rəqəmlər
heading-questions = Müzakirə üçün suallar
heading-caveats = Qeyd-şərtlər
heading-unavailable = Açıq məlumatlarda olmayanlar
licence = Lisenziya
heading-sources = Mənbələr
countries-line = Ölkələr: { $list }.
data-files = Məlumatlar: { $files } (CSV-də tam dəqiqliklə) — `{ $command }` ilə hazırlanıb.
made-with = miglab { $version } ilə hazırlanıb (`{ $command }`).
rows-omitted = { $count ->
    [one] Yalnız sıfırlardan və ya boş dəyərlərdən ibarət bir sətir göstərilmir.
   *[other] Yalnız sıfırlardan və ya boş dəyərlərdən ibarət { $count } sətir göstərilmir.
}
table-empty = Bu seçim üçün məlumatlarda sətir yoxdur (`{ $command }`): heç nə bildirilməyib.
col-partner = Tərəf-müqabil ölkə
col-measure = Göstərici
col-unit = Vahid
col-when = İl və ya dövr
col-value = Dəyər
col-answer = Cavab
col-accept = Qəbul edilir
unit-persons = { $value } nəfər
unit-per-1000 = 1000 nəfərə { $value }
unit-percent = { $value }%
unit-points = { $value } faiz bəndi
unit-percent-per-year = ildə { $value }%
unit-usd = { $value } ABŞ dolları
unit-other = { $value }
finding-range = { $place }, { $measure }: ən yüksək dəyər — { $when_a }: { $value_a } ({ $source_a }); ən aşağı dəyər — { $when_b }: { $value_b } ({ $source_b }).
finding-turn-to-loss = { $place }: { $measure } { $when_a } ({ $value_a }) ilə { $when_b } ({ $value_b }) arasında artımdan itkiyə keçib ({ $source_b }).
finding-turn-to-gain = { $place }: { $measure } { $when_a } ({ $value_a }) ilə { $when_b } ({ $value_b }) arasında itkidən artıma keçib ({ $source_b }).
finding-change = { $place }: { $measure } { $when_a }: { $value_a } → { $when_b }: { $value_b } { $direction ->
    [up] artıb
    [down] azalıb
   *[other] dəyişməyib
} ({ $difference }; { $source_b }).
finding-shares = { $place }: əsas tərəf-müqabil ölkənin ({ $partner_a }, { $when_a }) payı: { $list } ({ $source_a }).
finding-top = { $place }, { $when_a }: birinci { $partner_a } ({ $value_a }), ikinci { $partner_b } ({ $value_b }) ({ $source_a }).
finding-top-one = { $place }, { $when_a }: birinci { $partner_a } ({ $value_a }) ({ $source_a }).
finding-compare = { $place }, { $when_a }: { $source_a } { $value_a }, { $source_b } { $value_b } göstərir: fərq { $difference }.
finding-level = { $place }, { $measure } — { $when_a }: { $value_a } ({ $source_a }).
finding-projection = (Proqnoz daxildir, müşahidə deyil.)
policy-intro = Tövsiyələriniz üçün cütlüyün öz rəqəmlərinə əsaslanan suallar:
policy-remittances = { $place }: pul köçürmələri ÜDM-in { $value_a } təşkil edib ({ $when_a }, { $source_a }). Onları göndərməyi daha ucuz və təhlükəsiz etmək, ya da məhsuldar istifadəyə yönəltmək üçün nə etmək olar?
policy-net-migration = { $place }: { $measure } { $value_b } ({ $when_b }) ilə { $value_a } ({ $when_a }) arasında dəyişib ({ $source_a }). Hansı siyasət itkiləri azalda bilər və bunun işlədiyini hansı rəqəm göstərər?
policy-displacement = { $place }: { $value_a } məcburi köçkün ({ $when_a }, { $source_a }). Qayıdış və mənzil siyasətinin statistikadan nəyə ehtiyacı var?
policy-refugees = { $place }: { $measure } — { $value_a } ({ $when_a }, { $source_a }). İnteqrasiya siyasəti nəyi ölçməlidir?
policy-asylum = { $place }: ilk dəfə sığınacaq müraciətləri { $when_a }-ci ildə ən yüksək həddə, { $value_a }, çatıb, { $when_b }-ci ildə isə ən aşağı, { $value_b } olub ({ $source_a }). Bu, müdafiə ehtiyacları və qanuni miqrasiya yolları haqqında nə deyir və hansı siyasət onlara cavab verərdi?
slides-budget = Təqdimat: { $minutes } dəqiqə, sonra suallar.
slide-minutes = { $minutes } dəq
slide-question = Sual
slide-context = Azərbaycan miqrantı necə müəyyən edir
slide-definitions = İstifadə etdiyimiz anlayışlar
slide-findings = Rəqəmlər nə deyir
slide-policy = Siyasət tövsiyələri
slide-caveats = Qeyd-şərtlər
slide-sources = Mənbələr
slide-qa = Auditoriya üçün suallar
slide-chart-source = Rəqəmlər: { $file }.
worksheet-title = İş vərəqi — { $title } ({ $team } saylı komanda)
worksheet-variant = Sizin variantınız: { $variant }.
worksheet-instructions = Boş xanaları (______) digər sətirlərdən hesablayın. Başlanğıc məlumatlar: `dataset.csv` / `dataset.xlsx`.
heading-formulas = Düsturlar
heading-table = Cədvəl
key-title = Cavablar — { $title } ({ $team } saylı komanda: { $variant })
key-computed = miglab { $version } ilə `{ $command }` əmri ilə hesablanıb. Cavablar yuvarlaqlaşdırılıb; tələbənin dəyərini göstərilən buraxılış həddində qəbul edin.
key-tolerance = Buraxılış həddi
variant-countries = { $list }
variant-edition = IMS-in { $edition } nəşri
variants-count = { $count } komanda variantı
