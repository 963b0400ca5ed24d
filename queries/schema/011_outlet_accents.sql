-- outlet_key without accents and hyphens: "El País" and elpais.com are one outlet, as are
-- "Harbour Herald" and harbour-herald.example (the names had kept their accents, the addresses
-- their hyphens, so a copy ending "Fuente: Expansión Ibérica" did not credit
-- expansion-iberica.example). Mirrors tracker.text.outlet_key, which a test checks; the list of
-- known outlets is the one of migration 006. Credits stored before this migration keep the keys they
-- were read with until their articles are ingested again into a fresh database.
CREATE OR REPLACE MACRO outlet_key(src) AS CASE
    WHEN src IS NULL THEN NULL
    WHEN regexp_matches(regexp_replace(lower(src), '^\s+|\s+$', '', 'g'), '://|\.[a-z]{2,}(/|$)') THEN nullif(
        regexp_extract(regexp_replace(strip_accents(
            CASE WHEN split_part(outlet_host(src), '.', 1) = 'news' AND split_part(outlet_host(src), '.', 3) <> ''
                      AND split_part(outlet_host(src), '.', 2) NOT IN ('com', 'co', 'net', 'org', 'gov', 'ac', 'edu')
                 THEN split_part(outlet_host(src), '.', 2)
                 ELSE split_part(outlet_host(src), '.', 1) END), '-', '', 'g'),
            '^\s*(\S*)', 1),
        '')
    ELSE nullif(coalesce(
        [
        'reuters', 'reuters', 'reuters', 'apnews', 'apnews', 'afp', 'afp', 'afp', 'afp',
        'bloomberg', 'bloomberg', 'tass', 'tass', 'tass', 'ria', 'ria', 'ria', 'interfax',
        'interfax', 'xinhuanet', 'dpa', 'dpa', 'efe', 'ansa', 'kyodonews', 'kyodonews', 'yna',
        'aa', 'aa', 'upi', 'upi', 'ptinews', 'ptinews', 'aninews', 'cnn', 'bbc', 'bbc',
        'aljazeera', 'cnbc', 'npr', 'nbcnews', 'cbsnews', 'abcnews', 'foxnews', 'sky', 'nytimes',
        'nytimes', 'washingtonpost', 'wsj', 'wsj', 'ft', 'ft', 'theguardian', 'thetimes',
        'telegraph', 'economist', 'politico', 'axios', 'dw', 'dw', 'france24', 'euronews', 'rferl',
        'rferl', 'meduza', 'kommersant', 'vedomosti', 'iz', 'rbc', 'inosmi', 'inosmi',
        'novayagazeta', 'kyivindependent', 'ukrinform', 'unian', 'pravda', 'themoscowtimes',
        'sputnikglobe', 'rt', 'scmp', 'scmp', 'nikkei', 'lemonde', 'spiegel', 'spiegel'
        ][list_position([
        'reuters', 'thomson reuters', 'рейтер', 'associated press', 'ap', 'agence france-presse',
        'agence france presse', 'france-presse', 'afp', 'bloomberg', 'bloomberg news', 'tass',
        'itar-tass', 'тасс', 'ria novosti', 'ria', 'риа новости', 'interfax', 'интерфакс',
        'xinhua', 'dpa', 'deutsche presse-agentur', 'efe', 'ansa', 'kyodo', 'kyodo news', 'yonhap',
        'anadolu', 'anadolu agency', 'upi', 'united press international', 'press trust of india',
        'pti', 'ani', 'cnn', 'bbc', 'bbc news', 'al jazeera', 'cnbc', 'npr', 'nbc news',
        'cbs news', 'abc news', 'fox news', 'sky news', 'new york times', 'nyt', 'washington post',
        'wall street journal', 'wsj', 'financial times', 'ft', 'guardian', 'times', 'telegraph',
        'economist', 'politico', 'axios', 'deutsche welle', 'dw', 'france 24', 'euronews',
        'radio free europe/radio liberty', 'rfe/rl', 'meduza', 'kommersant', 'vedomosti',
        'izvestia', 'rbc', 'inosmi', 'иносми', 'novaya gazeta', 'kyiv independent', 'ukrinform',
        'unian', 'ukrainska pravda', 'moscow times', 'sputnik', 'rt', 'south china morning post',
        'scmp', 'nikkei', 'le monde', 'der spiegel', 'spiegel'
        ], regexp_replace(regexp_replace(lower(src), '^\s+|\s+$', '', 'g'), '^the\s+', ''))],
        regexp_replace(strip_accents(regexp_replace(regexp_replace(lower(src), '^\s+|\s+$', '', 'g'), '^the\s+', '')),
                       '[^\p{L}\p{N}_]', '', 'g')), '')
END;
