# miglab: пакеты заданий, русский язык.
heading-task = Задание
heading-context = Определения в законодательстве и статистике Азербайджана
heading-definitions = Определения (ООН)
heading-findings = Основные выводы
heading-charts = Графики
heading-figures = Данные
heading-questions = Вопросы для обсуждения
heading-caveats = Оговорки
heading-unavailable = Нет в открытых данных
licence = Лицензия
heading-sources = Источники
countries-line = Страны: { $list }.
data-files = Данные: { $files } (в CSV с полной точностью) — получено командой `{ $command }`.
made-with = Сделано в miglab { $version } (`{ $command }`).
rows-omitted = { $count ->
    [one] { $count } строка, где только нули или пропуски, не показана.
    [few] { $count } строки, где только нули или пропуски, не показаны.
   *[other] { $count } строк, где только нули или пропуски, не показаны.
}
table-empty = Для этой выборки в данных нет строк (`{ $command }`): ничего не сообщалось.
col-partner = Страна-партнёр
col-measure = Показатель
col-unit = Единица
col-when = Год или период
col-value = Значение
col-answer = Ответ
col-accept = Принимается
unit-persons = { $count ->
    [one] { $value } человек
    [few] { $value } человека
    [many] { $value } человек
   *[other] { $value } человека
}
unit-per-1000 = { $value } на 1000
unit-percent = { $value }%
unit-points = { $value } п. п.
unit-percent-per-year = { $value }% в год
unit-usd = { $value } долл. США
unit-other = { $value }
finding-range = { $place }: показатель «{ $measure }» был наибольшим в { $when_a } г. ({ $value_a }, { $source_a }) и наименьшим в { $when_b } г. ({ $value_b }, { $source_b }).
finding-turn-to-loss = { $place }: показатель «{ $measure }» сменился с прироста на убыль между { $when_a } г. ({ $value_a }) и { $when_b } г. ({ $value_b }) ({ $source_b }).
finding-turn-to-gain = { $place }: показатель «{ $measure }» сменился с убыли на прирост между { $when_a } г. ({ $value_a }) и { $when_b } г. ({ $value_b }) ({ $source_b }).
finding-change = { $place }: показатель «{ $measure }» { $direction ->
    [up] вырос
    [down] снизился
   *[other] не изменился
} с { $value_a } в { $when_a } г. до { $value_b } в { $when_b } г. ({ $difference }; { $source_b }).
finding-shares = { $place }: доля страны { $partner_a }, главного партнёра в { $when_a } г.: { $list } ({ $source_a }).
finding-top = { $place }, { $when_a } г.: на первом месте { $partner_a } ({ $value_a }), на втором { $partner_b } ({ $value_b }) ({ $source_a }).
finding-top-one = { $place }, { $when_a } г.: на первом месте { $partner_a } ({ $value_a }) ({ $source_a }).
finding-compare = { $place }, { $when_a }: по { $source_a } { $value_a }, по { $source_b } { $value_b }; расхождение { $difference }.
finding-level = { $place }: показатель «{ $measure }» в { $when_a } г.: { $value_a } ({ $source_a }).
finding-projection = (Включает прогноз, а не наблюдение.)
policy-intro = Вопросы для ваших рекомендаций, основанные на цифрах этой пары стран:
policy-remittances = { $place }: в { $when_a } г. денежные переводы составили { $value_a } ВВП ({ $source_a }). Как сделать их отправку дешевле и безопаснее или направить их на производительные цели?
policy-net-migration = { $place }: показатель «{ $measure }» менялся от { $value_b } ({ $when_b } г.) до { $value_a } ({ $when_a } г.) ({ $source_a }). Какая политика может сократить потери и какая цифра покажет, что она работает?
policy-displacement = { $place }: внутренне перемещённые лица в { $when_a } г.: { $value_a } ({ $source_a }). Что нужно политике возвращения и жилья от статистики?
policy-refugees = { $place }: показатель «{ $measure }» в { $when_a } г.: { $value_a } ({ $source_a }). Что должна измерять политика интеграции?
policy-asylum = { $place }: число первичных ходатайств об убежище было наибольшим в { $when_a } г. ({ $value_a }) и наименьшим в { $when_b } г. ({ $value_b }) ({ $source_a }). Что это говорит о потребности в защите и о легальных путях миграции и какая политика могла бы на это ответить?
slides-budget = Доклад: { $minutes } минут, затем вопросы.
slide-minutes = { $minutes } мин
slide-question = Вопрос
slide-context = Как Азербайджан определяет мигрантов
slide-definitions = Определения, которыми мы пользуемся
slide-findings = Что говорят цифры
slide-policy = Рекомендации для политики
slide-caveats = Оговорки
slide-sources = Источники
slide-qa = Вопросы к аудитории
slide-chart-source = Цифры из { $file }.
worksheet-title = Рабочий лист — { $title } (команда { $team })
worksheet-variant = Ваш вариант: { $variant }.
worksheet-instructions = Вычислите пустые ячейки (______) по остальным строкам. Исходные данные: `dataset.csv` / `dataset.xlsx`.
heading-formulas = Формулы
heading-table = Таблица
key-title = Ответы — { $title } (команда { $team }: { $variant })
key-computed = Вычислено miglab { $version } командой `{ $command }`. Ответы округлены; принимайте значение студента в пределах указанного допуска.
key-tolerance = Допуск
variant-countries = { $list }
variant-edition = издание IMS { $edition }
variants-count = { $count ->
    [one] { $count } вариант для команд
    [few] { $count } варианта для команд
   *[other] { $count } вариантов для команд
}
